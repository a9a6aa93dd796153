using Connector.Listings;
using Connector.Testing;

namespace Connector.UnitTests.Listings;

/// <summary>The listings' request records: shapes and rules checked before anything is read or stored, every bad field named.</summary>
public sealed class ListingRequestsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    private static object Product(string id, string? title = "Mug") =>
        new { id, title, description = "A mug", variants = new[] { new { sku = id + "-1", price = 9.99 } } };

    [Test]
    public void A_catalog_batch_names_each_bad_product_field_and_a_bad_merchant_id_at_once()
    {
        var reader = Requests.Reader(new { products = new[] { Product("P1"), Product("P2", title: null) } }, Now);

        var batch = PutCatalogProducts.Bind(reader, "a'b");

        Assert.That(reader.Errors.Keys, Is.EquivalentTo(new[] { "merchantId", "products[1].title" }));
        Assert.That(batch.MerchantId, Is.EqualTo("a'b"));
    }

    [TestCase("{}", "required")]
    [TestCase("{\"products\": []}", "required")]
    [TestCase("{\"products\": \"P1\"}", "required")]
    public void A_catalog_batch_needs_a_list_of_products(string body, string error)
    {
        var reader = Requests.Reader(body, Now);
        PutCatalogProducts.Bind(reader, "m1");

        Assert.That(reader.Errors.Keys, Is.EqualTo(new[] { "products" }));
        Assert.That(reader.Errors["products"][0], Does.StartWith(error));
    }

    [Test]
    public void A_catalog_batch_of_more_than_500_products_is_refused_before_any_is_read()
    {
        var reader = Requests.Reader(new { products = Enumerable.Range(0, 501).Select(i => Product("P" + i)).ToArray() }, Now);
        PutCatalogProducts.Bind(reader, "m1");

        Assert.That(reader.Errors["products"][0], Does.Contain("at most 500"));
    }

    [Test]
    public void A_good_catalog_batch_binds_every_product()
    {
        var reader = Requests.Reader(new { products = new[] { Product("P1"), Product("P2") } }, Now);
        var batch = PutCatalogProducts.Bind(reader, "m1");

        Assert.That(reader.Errors, Is.Empty);
        Assert.That(batch.Products.Select(p => p.Id), Is.EqualTo(new[] { "P1", "P2" }));
    }

    [Test]
    public void A_profile_names_its_own_rule_breaks_and_a_bad_merchant_id_together()
    {
        var reader = Requests.Reader(new { tiktokCategoryId = "600003", isDefault = true, priceRule = new { adjust = "add ten" } }, Now);

        var put = PutListingProfile.Bind(reader, "a'b", "mugs");

        Assert.That(reader.Errors.Keys, Is.EquivalentTo(new[] { "merchantId", "priceRule.adjust" }));
        Assert.That(reader.Errors["priceRule.adjust"][0], Does.Contain("'add ten' is not a price rule"));
        Assert.That(put.Profile.UpdatedAt, Is.EqualTo(Now));
    }

    [Test]
    public void A_profile_with_an_unknown_field_or_a_wrong_type_names_it()
    {
        var unknown = Requests.Reader("{\"tiktokCategoryId\": \"600003\", \"isDefault\": true, \"colour\": \"red\"}", Now);
        PutListingProfile.Bind(unknown, "m1", "mugs");
        Assert.That(unknown.Errors.Keys, Is.EqualTo(new[] { "colour" }));

        var wrongType = Requests.Reader("{\"tiktokCategoryId\": \"600003\", \"priority\": \"high\"}", Now);
        PutListingProfile.Bind(wrongType, "m1", "mugs");
        Assert.That(wrongType.Errors.Keys, Is.EqualTo(new[] { "priority" }));
    }

    [Test]
    public void A_good_profile_binds_with_its_defaults()
    {
        var reader = Requests.Reader(new { tiktokCategoryId = "600003", isDefault = true }, Now);
        var put = PutListingProfile.Bind(reader, "m1", "default");

        Assert.That(reader.Errors, Is.Empty);
        Assert.That((put.Profile.Name, put.Profile.Priority, put.Profile.MatchMode), Is.EqualTo(("default", 100, "any")));
        Assert.That(put.Profile.SyncFields, Is.EquivalentTo(SyncFieldNames.All));
    }

    [Test]
    public void Path_values_that_cannot_name_anything_are_named()
    {
        var reader = Requests.Reader(null, Now);
        DeleteListingProfile.Bind(reader, "m1", "bad name!");
        CatalogProductRef.Bind(reader, "m1", new string('p', 101));
        GetTikTokCategory.Bind(reader, "m1", "shop-1", "mugs");

        Assert.That(reader.Errors.Keys, Is.EquivalentTo(new[] { "name", "productId", "categoryId" }));
    }

    [Test]
    public void A_listing_lists_filters_are_checked_together()
    {
        var reader = Requests.Reader(null, Now, "status=Nope&format=xml&pageSize=501");
        ListMerchantListings.Bind(reader, "m1", "shop-1");
        Assert.That(reader.Errors.Keys, Is.EquivalentTo(new[] { "status", "format", "pageSize" }));

        var csv = Requests.Reader(null, Now, "status=invalid&format=CSV");
        var filter = ListShopListings.Bind(csv, "shop-1").Filter;
        Assert.That(csv.Errors, Is.Empty);
        Assert.That((filter.Status, filter.Csv), Is.EqualTo(((ListingStatus?)ListingStatus.Invalid, true)));
    }

    [Test]
    public void A_category_recommendation_needs_a_product_and_tiktok_lookups_bound_their_text()
    {
        var missing = Requests.Reader(null, Now);
        RecommendCategory.Bind(missing, "m1", "shop-1");
        Assert.That(missing.Errors["productId"][0], Does.StartWith("required"));

        var tooLong = Requests.Reader(null, Now, "keyword=" + new string('k', 101) + "&leafOnly=maybe");
        ListTikTokCategories.Bind(tooLong, "m1", "shop-1");
        Assert.That(tooLong.Errors.Keys, Is.EquivalentTo(new[] { "keyword", "leafOnly" }));

        var brands = Requests.Reader(null, Now, "name=Ac&pageToken=" + new string('t', 1001));
        ListTikTokBrands.Bind(brands, "m1", "shop-1");
        Assert.That(brands.Errors.Keys, Is.EqualTo(new[] { "pageToken" }));
    }

    [Test]
    public void A_push_is_of_pending_products_unless_all_is_asked()
    {
        var plain = Requests.Reader(null, Now);
        Assert.That(PushListings.Bind(plain, "shop-1").All, Is.False);

        var all = Requests.Reader(null, Now, "all=TRUE");
        Assert.That(PushListings.Bind(all, "shop-1").All, Is.True);

        var bad = Requests.Reader(null, Now, "all=yes");
        PushListings.Bind(bad, "shop-1");
        Assert.That(bad.Errors.Keys, Is.EqualTo(new[] { "all" }));
    }
}
