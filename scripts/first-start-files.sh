#!/usr/bin/env bash
# Writes the roster files the README's "From an empty database" names into folder $1: what an academic
# affairs system exports (Chinese headers; the student file in GBK, as Chinese Excel saves CSV).
set -euo pipefail
dir=$1
python3 - "$dir" <<'PY'
import sys
d = sys.argv[1]
rows = ["学号,姓名,学院,专业,年级,班级,学籍状态,政治面貌"]
for i in range(1, 31):
    rows.append(f"20250{i:05d},学生{i:02d},物理学院,物理学,2025,物理2501,在籍,{'共青团员' if i % 3 else '群众'}")
open(f"{d}/students.csv", "w", encoding="gb18030", newline="\r\n").write("\n".join(rows) + "\n")
PY
python3 - "$dir" <<'PY'
import sys
d = sys.argv[1]
rows = ["工号,姓名,学院,政治面貌", "T0001,林老师,物理学院,中共党员", "T0002,周书记,物理学院,中共党员", "T0003,吴主任,物理学院,中共党员"]
open(f"{d}/teachers.csv", "w", encoding="utf-8-sig", newline="\r\n").write("\n".join(rows) + "\n")
PY
