#!/usr/bin/env bash
# Bytes over the wire for one application detail page, cold (no cache), as a browser asks for it
# (Accept-Encoding: gzip, deflate, br): the HTML plus every script and stylesheet the page loads up front.
# Usage: start the demo app (dotnet run --project src/Web), then: bash bench/page-weight.sh [user]
set -euo pipefail
base=${BASE:-http://localhost:5000}
user=${1:-2023011001}
jar=$(mktemp); trap 'rm -f "$jar"' EXIT
token=$(curl -s -c "$jar" -b "$jar" "$base/Account/Login" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | sed 's/.*value="//;s/"$//')
curl -s -o /dev/null -c "$jar" -b "$jar" -X POST "$base/Account/Login" \
  --data-urlencode "__RequestVerificationToken=$token" --data-urlencode "UserName=$user" --data-urlencode "Password=Demo@2026"
bearer=$(curl -s -X POST "$base/api/v1/auth/token" -H 'content-type: application/json' -d "{\"userName\":\"$user\",\"password\":\"Demo@2026\"}" | python3 -c 'import json,sys;print(json.load(sys.stdin)["accessToken"])')
id=$(curl -s "$base/api/v1/association-applications" -H "Authorization: Bearer $bearer" | python3 -c '
import json,sys
d=json.load(sys.stdin); items=d["items"] if isinstance(d,dict) else d
print(items[0]["instanceId"] if items else "")')
if [ -z "$id" ]; then
  # The demo starts with no application: the student starts a draft (the page is the same at every step).
  unit=$(curl -s "$base/api/v1/org-units?guidanceUnits=true" -H "Authorization: Bearer $bearer" | python3 -c 'import json,sys;print(json.load(sys.stdin)[0]["id"])')
  id=$(curl -s -X POST "$base/api/v1/association-applications" -H "Authorization: Bearer $bearer" -H 'content-type: application/json' \
    -d "{\"name\":\"页面重量测试协会\",\"category\":\"Academic\",\"purpose\":\"测量页面\",\"guidanceUnitId\":\"$unit\",\"charterText\":\"章程\",\"declaresNoOutsideSponsor\":true,\"declaresNoForeignAffairs\":true,\"instructorStaffNumbers\":[\"T01001\"]}" \
    | python3 -c 'import json,sys;print(json.load(sys.stdin)["instanceId"])')
fi
page="$base/Associations/Applications/Details/$id"
html=$(mktemp); trap 'rm -f "$jar" "$html"' EXIT
total=$(curl -s -b "$jar" -H 'Accept-Encoding: gzip, deflate, br' -o "$html" -w '%{size_download}' "$page")
printf '%-60s %9s\n' "/Associations/Applications/Details/{id}" "$total"
for ref in $(curl -s -b "$jar" --compressed "$page" | grep -oE '(src|href)="/(css|js|lib)/[^"]+"' | sed -E 's/^(src|href)="//;s/"$//' | sed 's/&amp;/\&/g' | sort -u); do
  n=$(curl -s -b "$jar" -H 'Accept-Encoding: gzip, deflate, br' -o /dev/null -w '%{size_download}' "$base$ref")
  printf '%-60s %9s\n' "$ref" "$n"; total=$((total + n))
done
printf '%-60s %9s\n' "total bytes over the wire (cold)" "$total"
