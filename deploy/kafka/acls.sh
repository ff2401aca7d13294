#!/usr/bin/env bash
# Kafka ACLs for gemeinwerk (see acls.md for the model and the broker settings they need).
#
#   KAFKA_BOOTSTRAP_SERVERS=broker:9093 KAFKA_COMMAND_CONFIG=admin.properties \
#     deploy/kafka/acls.sh            # create the topics, then add the ACLs (both idempotent)
#   DRY_RUN=1 deploy/kafka/acls.sh    # only print the kafka-topics.sh / kafka-acls.sh commands
#   CREATE_TOPICS=0 ...               # ACLs only (topics already created by other means)
#   TOPIC_REPLICATION=1 ...           # for a single-broker test cluster
#
# Principals (override to match how the brokers map certificates or SASL users):
#   SERVICE_PRINCIPAL_PREFIX  default User:gemeinwerk-  -> User:gemeinwerk-placement, ...
#   AGENCY_PRINCIPALS         default User:agency       (space-separated list)
#   AGENCY_GROUP_PREFIX       default agency.           consumer groups agencies may use
set -euo pipefail

KAFKA_BIN=${KAFKA_BIN:-}
BOOTSTRAP=${KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}
COMMAND_CONFIG=${KAFKA_COMMAND_CONFIG:-}
SERVICE_PRINCIPAL_PREFIX=${SERVICE_PRINCIPAL_PREFIX:-User:gemeinwerk-}
AGENCY_PRINCIPALS=${AGENCY_PRINCIPALS:-User:agency}
AGENCY_GROUP_PREFIX=${AGENCY_GROUP_PREFIX:-agency.}
TOPIC_PARTITIONS=${TOPIC_PARTITIONS:-3}
TOPIC_REPLICATION=${TOPIC_REPLICATION:-3}
TOPIC_MIN_ISR=${TOPIC_MIN_ISR:-2}
DRY_RUN=${DRY_RUN:-0}
CREATE_TOPICS=${CREATE_TOPICS:-1}

SERVICES=(placement allowance notification reporting)
PUBLIC_PREFIX=gemeinwerk.public.
INTERNAL_PREFIX=gemeinwerk.internal.

# The topics each service writes (gemeinwerk_contracts.topics): its events and its dead letters.
topics_written_by() {
  case "$1" in
    placement) echo gemeinwerk.public.placement.v1 gemeinwerk.internal.participant.v1 gemeinwerk.internal.placement.v1 ;;
    allowance) echo gemeinwerk.public.allowance.v1 ;;
    notification) echo gemeinwerk.public.notification.v1 ;;
  esac
  echo "gemeinwerk.internal.deadletter.$1.v1"
}

run() {
  # Print the command (shell-quoted); run it unless DRY_RUN=1.
  local tool=$1
  shift
  local cmd=("${KAFKA_BIN:+$KAFKA_BIN/}$tool" --bootstrap-server "$BOOTSTRAP")
  if [[ -n $COMMAND_CONFIG ]]; then
    cmd+=(--command-config "$COMMAND_CONFIG")
  fi
  cmd+=("$@")
  printf '%q ' "${cmd[@]}"
  printf '\n'
  if [[ $DRY_RUN != 1 ]]; then
    "${cmd[@]}"
  fi
}

acl() { run kafka-acls.sh --add --force "$@"; }

# The operator creates the topics: a service would create a missing one with replication
# factor 1 (chassis.kafka.ensure_topics), so services get no Create permission.
if [[ $CREATE_TOPICS == 1 ]]; then
  if ((TOPIC_MIN_ISR > TOPIC_REPLICATION)); then
    TOPIC_MIN_ISR=$TOPIC_REPLICATION
  fi
  for service in "${SERVICES[@]}"; do
    for topic in $(topics_written_by "$service"); do
      run kafka-topics.sh --create --if-not-exists --topic "$topic" \
        --partitions "$TOPIC_PARTITIONS" --replication-factor "$TOPIC_REPLICATION" \
        --config "min.insync.replicas=$TOPIC_MIN_ISR"
    done
  done
fi

for service in "${SERVICES[@]}"; do
  principal="$SERVICE_PRINCIPAL_PREFIX$service"
  # Read everything gemeinwerk publishes, internal (personal data) and public.
  acl --allow-principal "$principal" --operation Read --operation Describe \
    --topic "$INTERNAL_PREFIX" --resource-pattern-type prefixed
  acl --allow-principal "$principal" --operation Read --operation Describe \
    --topic "$PUBLIC_PREFIX" --resource-pattern-type prefixed
  # Its own consumer groups: gemeinwerk.<service>.<subscription> (ServiceSettings.consumer_group).
  acl --allow-principal "$principal" --operation Read --operation Describe \
    --group "gemeinwerk.$service." --resource-pattern-type prefixed
  # Write only its own topics, each named literally. (Write also covers the idempotent
  # producer's InitProducerId since Kafka 2.8, so no IdempotentWrite on the cluster.)
  for topic in $(topics_written_by "$service"); do
    acl --allow-principal "$principal" --operation Write --operation Describe \
      --topic "$topic" --resource-pattern-type literal
  done
done

for principal in $AGENCY_PRINCIPALS; do
  # Other agencies: public topics (pseudonymous references only), nothing else.
  acl --allow-principal "$principal" --operation Read --operation Describe \
    --topic "$PUBLIC_PREFIX" --resource-pattern-type prefixed
  acl --allow-principal "$principal" --operation Read --operation Describe \
    --group "$AGENCY_GROUP_PREFIX" --resource-pattern-type prefixed
  # Belt and braces: a DENY wins over any ALLOW that a later, broader ACL might grant.
  acl --deny-principal "$principal" --operation All \
    --topic "$INTERNAL_PREFIX" --resource-pattern-type prefixed
done
