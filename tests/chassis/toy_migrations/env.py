from chassis.store.migrations import run_env
from sqlalchemy import MetaData

run_env(MetaData())  # the toy's tables are created by its migration; no autogenerate here
