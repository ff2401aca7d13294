from sqlalchemy import MetaData

from chassis.store.migrations import run_env

run_env(MetaData())  # the toy's tables are created by its migration; no autogenerate here
