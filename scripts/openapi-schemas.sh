#!/usr/bin/env bash
# Writes docs/openapi.yaml's response schemas from the code's response records (and adds the reference under each
# operation's success answer that has none). tests/Connector.EndToEndTests/Contract/ResponseSchemaTests.cs checks them.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build tests/Connector.EndToEndTests -c Release -v quiet
dotnet test tests/Connector.EndToEndTests -c Release --no-build --filter "FullyQualifiedName~ResponseSchemaTests.Write_response_schemas"
git --no-pager diff --stat -- docs/openapi.yaml
