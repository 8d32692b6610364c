# Appended to the README's blocks by first-start.sh and run in the same shell: what the walkthrough must have made.
echo '--- checks'
get() { curl -sf "$API/$1" -H "Authorization: Bearer $TOKEN"; }
count() { python3 -c 'import json,sys;print(json.load(sys.stdin)["total"])'; }
[ "$(get 'admin/structure/colleges' | count)" = 1 ] || { echo "expected one college" >&2; exit 1; }
[ "$(get "admin/structure/units" | count)" = 2 ] || { echo "expected two units" >&2; exit 1; }
# Importing the same file again changes nothing.
AGAIN=$(curl -sf $API/admin/imports/students -H "Authorization: Bearer $TOKEN" -F file=@students.csv -F fullRoster=false)
echo "$AGAIN" | python3 -c 'import json,sys;p=json.load(sys.stdin);assert (p["create"],p["update"],p["unchanged"])==(0,0,30),p'
# Everyone imported has a link (30 students, 3 teachers), and the roles are in place.
[ "$(python3 -c 'import csv,sys;print(sum(1 for _ in csv.DictReader(open("links.csv",encoding="utf-8-sig"))))')" = 33 ] || { echo "expected 33 links" >&2; cat links.csv >&2; exit 1; }
get 'admin/roles?role=GuidanceUnitReviewer' | python3 -c 'import json,sys;p=json.load(sys.stdin);assert [r["userName"] for r in p["items"]]==["T0003"],p'
get 'admin/roles?role=ReviewCommitteeChair' | python3 -c 'import json,sys;p=json.load(sys.stdin);assert [r["userName"] for r in p["items"]]==["T0002"],p'
