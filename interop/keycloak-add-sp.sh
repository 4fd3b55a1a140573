#!/usr/bin/env bash
# Registers a PAOS service provider as a SAML client of the peers' Keycloak (realm "ecp") through the admin REST
# API, with the ECP flow allowed. Idempotent: an existing client with the same entity ID is replaced.
# Usage: keycloak-add-sp.sh ENTITY_ID ACS_URL [KEYCLOAK_BASE]
# A SAML20EC service name that is not an http(s) URL (urn:samlec:ldap@host) is registered as an exact redirect URI
# only: Keycloak's admin API refuses it as saml_assertion_consumer_url_post, and "*" does not cover other schemes.
set -euo pipefail
entity=$1 acs=$2 kc=${3:-http://127.0.0.1:8080}
token=$(curl -sf --max-time 20 -d grant_type=password -d client_id=admin-cli -d username=admin -d password=admin \
  "$kc/realms/master/protocol/openid-connect/token" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
auth=(-H "Authorization: Bearer $token")
existing=$(curl -sf --max-time 20 "${auth[@]}" --get --data-urlencode "clientId=$entity" "$kc/admin/realms/ecp/clients" \
  | /usr/bin/python3 -c 'import json,sys; print(" ".join(c["id"] for c in json.load(sys.stdin)))')
for id in $existing; do curl -sf --max-time 20 "${auth[@]}" -X DELETE "$kc/admin/realms/ecp/clients/$id"; done
body=$(ENTITY="$entity" ACS="$acs" /usr/bin/python3 - <<'PY'
import json, os
attrs = {
    "saml.allow.ecp.flow": "true", "saml.client.signature": "false",
    "saml.server.signature": "true", "saml.assertion.signature": "true",
    "saml.signature.algorithm": "RSA_SHA256", "saml.encrypt": "false",
    "saml.authnstatement": "true", "saml_name_id_format": "username"}
if os.environ["ACS"].startswith(("http://", "https://")):
    attrs["saml_assertion_consumer_url_post"] = os.environ["ACS"]
print(json.dumps({
  "clientId": os.environ["ENTITY"], "protocol": "saml", "enabled": True,
  "redirectUris": [os.environ["ACS"]],
  "attributes": attrs}))
PY
)
curl -sf --max-time 20 "${auth[@]}" -H 'Content-Type: application/json' -d "$body" "$kc/admin/realms/ecp/clients"
echo "registered $entity (ACS $acs) at $kc/realms/ecp"
