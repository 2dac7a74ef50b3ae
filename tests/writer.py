"""A writer for the durability fault test: logs calls as fast as it can and
prints "id run number" for each one only after Store.log_call has returned,
i.e. after the commit. The test kills it with SIGKILL at random moments."""

import sys

from companion.core.models import Rating
from companion.core.store import Store

path, run = sys.argv[1], sys.argv[2]
store = Store(path)
number = 0
while True:
    call = store.log_call(Rating.ROUGH, tags=["angry"], note=f"run {run} call {number}")
    sys.stdout.write(f"{call.id} {run} {number}\n")
    sys.stdout.flush()
    number += 1
