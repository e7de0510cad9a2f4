#!/bin/sh
# Creates the pipeline's topics on the compose broker. Same topics and cleanup policies as the Strimzi KafkaTopics
# in k8s/base/topics/topics.yaml, sized for one machine: a single broker (replication 1), fewer partitions.
# Idempotent: existing topics are left alone.
set -eu

BOOTSTRAP="${BOOTSTRAP:-kafka:9092}"
KAFKA_TOPICS="${KAFKA_TOPICS:-/opt/kafka/bin/kafka-topics.sh}"

# create_topic NAME PARTITIONS CLEANUP_POLICY [RETENTION_MS]
create_topic() {
  retention=""
  if [ -n "${4:-}" ]; then
    retention="--config retention.ms=$4"
  fi
  # shellcheck disable=SC2086 # $retention is empty or two words on purpose
  "$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic "$1" \
    --partitions "$2" --replication-factor 1 --config "cleanup.policy=$3" $retention
}

create_topic dagan.jobs             3 delete  604800000
create_topic dagan.jobs.manifests   3 compact
create_topic dagan.frames.decoded   6 delete  259200000
create_topic dagan.frames.depth     6 delete  259200000
create_topic dagan.frames.keypoints 6 delete  259200000
create_topic dagan.frames.motion    6 delete  259200000
create_topic dagan.frames.generated 6 delete  259200000
create_topic dagan.reenactments     3 delete  604800000
create_topic dagan.jobs.status      3 compact
create_topic dagan.frames.dlq       3 delete  1209600000

"$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP" --list
