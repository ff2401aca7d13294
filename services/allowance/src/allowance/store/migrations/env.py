from allowance.store.tables import metadata
from chassis.store.migrations import run_env

run_env(metadata)
