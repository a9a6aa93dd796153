namespace TikTokSimulator;

/// <summary>A reason name TikTok accepts and the text it shows.</summary>
public sealed record SimReason(string Name, string Text);

/// <summary>
/// TikTok's after-sales reasons for the US and UK markets (other regions use the US lists), as published in
/// api-reference/return-and-refund/cancel-reasons.json, return-reasons.json and refund-reasons.json.
/// </summary>
public static class SimReasons
{
    public static bool IsUk(string region) => region is "GB" or "UK";

    /// <summary>Buyer cancel reasons of a paid order (ON_HOLD, AWAITING_SHIPMENT).</summary>
    public static IReadOnlyList<SimReason> BuyerCancel(string region) => IsUk(region)
        ?
        [
            new("ecom_order_to_ship_canceled_reason_no_longer_needed_uk", "No longer needed"),
            new("ecom_order_to_ship_canceled_reason_change_payment_method_uk", "Need to change payment method"),
            new("ecom_order_to_ship_canceled_reason_discount_not_expected_uk", "Discount not as expected"),
            new("ecom_order_to_ship_canceled_reason_created_by_mistakes_uk", "Order created by mistake"),
            new("ecom_order_to_ship_canceled_reason_high_delivery_costs_uk", "High delivery costs"),
            new("ecom_order_to_ship_canceled_reason_better_price_uk", "Better price available"),
            new("ecom_order_to_ship_canceled_reason_wrong_delivery_info_uk", "Wrong delivery information"),
            new("buyer_cancel_late_shipment", "Late shipment"),
        ]
        :
        [
            new("ecom_order_to_ship_canceled_reason_change_payment_method", "Need to change payment method"),
            new("ecom_order_to_ship_canceled_reason_discount_not_expected", "Discount not as expected"),
            new("ecom_order_to_ship_canceled_reason_created_by_mistakes", "Bought by mistake"),
            new("ecom_order_to_ship_canceled_reason_high_delivery_costs", "High shipping fee"),
            new("ecom_order_to_ship_canceled_reason_better_price", "Better price available"),
            new("ecom_order_to_ship_canceled_reason_wrong_delivery_info", "Incorrect shipping address"),
            new("ecom_order_to_ship_canceled_reason_not_shipped_on_time", "Item wasn't shipped on time"),
            new("ecom_order_to_ship_canceled_reason_no_longer_needed", "No longer needed"),
            new("ecom_order_to_ship_canceled_reason_forgot_to_apply_coupons", "Forgot to apply coupons"),
        ];

    /// <summary>The seller's reasons to reject a buyer's cancellation request.</summary>
    public static IReadOnlyList<SimReason> RejectCancel(string region) => IsUk(region)
        ?
        [
            new("order_manage_list_action_respond_popup_reject_reason_invalid_cancellation_reason_uk", "Invalid reason for cancellation"),
            new("order_manage_list_action_respond_popup_reject_reason_delivered_uk", "Product delivery is on schedule"),
            new("order_manage_list_action_respond_popup_reject_reason_buyer_agree_uk", "Reached an agreement with the buyer"),
            new("seller_reject_apply_product_has_been_packed", "Product has been packed"),
        ]
        :
        [
            new("order_manage_list_action_respond_popup_reject_reason_invalid_cancellation_reason", "Invalid reason for cancellation"),
            new("order_manage_list_action_respond_popup_reject_reason_delivered", "Product delivery is on schedule"),
            new("order_manage_list_action_respond_popup_reject_reason_buyer_agree", "Reached an agreement with the buyer"),
            new("seller_reject_apply_product_has_been_packed", "Product has been packed"),
        ];

    /// <summary>The seller's reasons to cancel a paid order (ON_HOLD, AWAITING_SHIPMENT).</summary>
    public static IReadOnlyList<SimReason> SellerCancel(string region) => IsUk(region)
        ?
        [
            new("seller_cancel_reason_wrong_price_uk", "Pricing error"),
            new("seller_cancel_paid_reason_address_not_deliver_uk", "Unable to deliver to buyer address"),
            new("seller_cancel_reason_out_of_stock_uk", "Out of stock"),
        ]
        :
        [
            new("seller_cancel_reason_out_of_stock", "Out of stock"),
            new("seller_cancel_reason_wrong_price", "Pricing error"),
            new("seller_cancel_paid_reason_address_not_deliver", "Unable to deliver to buyer address"),
            new("seller_cancel_paid_reason_buyer_requested_cancellation", "Buyer requested cancellation"),
        ];

    /// <summary>Every seller cancel reason of any status or market (an unknown name is 25001014, a known one for another status 25001021).</summary>
    public static readonly IReadOnlySet<string> AnySellerCancel = new HashSet<string>(StringComparer.Ordinal)
    {
        "seller_cancel_unpaid_reason_out_of_stock", "seller_cancel_unpaid_reason_wrong_price", "seller_cancel_unpaid_reason_buyer_hasnt_paid_within_time_allowed",
        "seller_cancel_unpaid_reason_buyer_requested_cancellation", "seller_cancel_reason_out_of_stock", "seller_cancel_reason_wrong_price",
        "seller_cancel_paid_reason_address_not_deliver", "seller_cancel_paid_reason_buyer_requested_cancellation", "seller_cancel_unpaid_reason_out_of_stock_uk",
        "seller_cancel_unpaid_reason_wrong_price_uk", "seller_cancel_unpaid_reason_buyer_hasnt_paid_within_time_allowed_uk", "seller_cancel_reason_wrong_price_uk",
        "seller_cancel_paid_reason_address_not_deliver_uk", "seller_cancel_reason_out_of_stock_uk", "seller_cancel_unable_to_deliver_to_buyer_address",
        "seller_cancel_order_reason_potential_fraud",
    };

    /// <summary>Buyer reasons for a return and refund of a delivered order.</summary>
    public static IReadOnlyList<SimReason> BuyerReturn(string region) => IsUk(region)
        ?
        [
            new("ecom_order_delivered_refund_and_return_reason_not_match_description_uk", "Product doesn't match description"),
            new("ecom_order_delivered_refund_and_return_reason_missing_product_uk", "Missing product or accessories"),
            new("ecom_order_delivered_refund_and_return_reason_damaged_uk", "Package or product is damaged"),
            new("ecom_order_delivered_refund_and_return_reason_defective_uk", "Product is defective or doesn't work"),
            new("ecom_order_delivered_refund_and_return_reason_wrong_product_uk", "Wrong product was sent"),
            new("buyer_return_and_refund_does_not_suit_me", "Does not suit me"),
        ]
        :
        [
            new("ecom_order_delivered_refund_and_return_reason_no_need", "No longer needed"),
            new("ecom_order_delivered_refund_and_return_reason_not_match_description", "Item doesn't match description"),
            new("ecom_order_delivered_refund_and_return_reason_missing_product", "Missing item or parts"),
            new("ecom_order_delivered_refund_and_return_reason_damaged", "Damaged item or packaging"),
            new("ecom_order_delivered_refund_and_return_reason_defective", "Defective item"),
            new("ecom_order_delivered_refund_and_return_reason_wrong_product", "Wrong item was sent"),
        ];

    /// <summary>Buyer reasons for a refund without return.</summary>
    public static IReadOnlyList<SimReason> BuyerRefund(string region) => IsUk(region)
        ?
        [
            new("ecom_order_delivered_refund_reason_not_received_uk", "Package wasn't received"),
            new("ecom_order_delivered_refund_reason_missing_product_uk", "Missing product or accessories"),
            new("ecom_order_delivered_refund_reason_damaged_uk", "Package or product is damaged"),
            new("buyer_refund_package_didn't_arrive_on_time", "Package didn't arrive on time"),
        ]
        :
        [
            new("ecom_order_delivered_refund_reason_not_received", "Package wasn't received"),
            new("ecom_order_delivered_refund_reason_damaged", "Damaged item or packaging"),
            new("ecom_order_delivered_refund_reason_defective", "Defective item"),
            new("ecom_order_shipped_refund_reason_not_arrive_on_time", "Product wouldn't arrive on time"),
        ];

    /// <summary>The seller's reasons to reject a return request (before the parcel is back).</summary>
    public static IReadOnlyList<SimReason> RejectReturnRequest(string region) => Suffix(region,
    [
        new("reverse_reject_request_reason_1", "Buyer return reason is not valid"),
        new("reverse_reject_request_reason_2", "Change of mind returns are not applicable"),
        new("reverse_reject_request_reason_3", "Not eligible for return (e.g. used or broken)"),
        new("reverse_reject_request_reason_4", "Product delivery is on schedule"),
        new("reverse_reject_request_reason_5", "You have reached an agreement with the buyer"),
    ],
    [
        new("seller_reject_apply_item_is_correct", "Item is correct"),
        new("seller_reject_apply_products_will_be_sent_separately", "Products will be sent separately"),
        new("seller_reject_apply_reason_is_unclear_or_lack_of_evidence", "Reason is unclear or lack of evidence"),
        new("seller_reject_apply_product_functions_well/buyer_use_in_wrong_way", "Product functions well/Buyer use in wrong way"),
        new("seller_reject_apply_package_has_not_exceeded_estimated_delivery_time", "Product is shipped and parcel cannot be recalled back from logistics."),
    ]);

    /// <summary>The seller's reasons to reject a returned parcel after inspecting it.</summary>
    public static IReadOnlyList<SimReason> RejectReturnParcel(string region) => Suffix(region,
    [
        new("reverse_reject_return_parcel_reason_1", "The product returned is not the product that was sent"),
        new("reverse_reject_return_parcel_reason_2", "Not eligible for return (e.g. used or broken)"),
        new("reverse_reject_return_parcel_reason_3", "Missing products and/or product parts"),
        new("reverse_reject_return_parcel_reason_4", "I haven't received the package"),
        new("reverse_reject_return_parcel_reason_5", "Product is damaged or used"),
    ],
    [
        new("seller_reject_apply_you_have_reached_an_agreement_with_the_buyer", "You have reached an agreement with the buyer"),
    ]);

    /// <summary>The seller's reasons to reject a refund request.</summary>
    public static IReadOnlyList<SimReason> RejectRefund(string region) => Suffix(region,
    [
        new("reverse_reject_request_reason_1", "Buyer return reason is not valid"),
        new("reverse_reject_request_reason_2", "Change of mind returns are not applicable"),
        new("reverse_reject_request_reason_3", "Not eligible for return (e.g. used or broken)"),
        new("reverse_reject_request_reason_4", "Product delivery is on schedule"),
        new("reverse_reject_request_reason_5", "You have reached an agreement with the buyer"),
    ],
    [
        new("seller_reject_apply_unable_to_change_address", "Unable to change address"),
        new("seller_reject_apply_item_is_correct", "Item is correct"),
        new("seller_reject_apply_products_will_be_sent_separately", "Products will be sent separately"),
        new("seller_reject_apply_reason_is_unclear_or_lack_of_evidence", "Reason is unclear or lack of evidence"),
        new("seller_reject_apply_package_has_not_exceeded_estimated_delivery_time", "Product is shipped and parcel cannot be recalled back from logistics."),
    ]);

    /// <summary>The text of a reason name (any list), or the name itself.</summary>
    public static string Text(string region, string name) =>
        BuyerCancel(region).Concat(BuyerReturn(region)).Concat(BuyerRefund(region)).Concat(SellerCancel(region)).FirstOrDefault(r => r.Name == name)?.Text ?? name;

    /// <summary>The market-specific names carry "_uk" in the UK; the shared ones do not.</summary>
    private static IReadOnlyList<SimReason> Suffix(string region, SimReason[] perMarket, SimReason[] shared) =>
        (IsUk(region) ? perMarket.Select(r => r with { Name = r.Name + "_uk" }) : perMarket).Concat(shared).ToArray();
}
