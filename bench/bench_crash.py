"""The crash test at full size (issue 11, item 6): 1,000 help requests through the real
server, killed with SIGKILL about 65 times; every acknowledged write must exist and the audit
chain verify. BENCH_CRASH_WRITES and BENCH_CRASH_KILLS change the size; DATABASE_URL the
engine (a scratch database beside it on PostgreSQL)."""

import json
import os

from tools.crash import run


def main():
    writes = int(os.environ.get("BENCH_CRASH_WRITES", "1000"))
    kills = int(os.environ.get("BENCH_CRASH_KILLS", "65"))
    result = run(writes=writes, kills=kills)
    print(json.dumps(result))
    if result["missing"] or not result["audit_ok"]:
        raise SystemExit("acknowledged writes were lost or the audit chain broke")
