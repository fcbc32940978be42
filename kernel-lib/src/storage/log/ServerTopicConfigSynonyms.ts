// Broker-level synonyms of topic configs (org.apache.kafka.server.config.ServerTopicConfigSynonyms, §7.8): a
// topic without an override gets the broker's value, taken from the first synonym that is set, e.g. retention.ms
// from log.retention.ms, else log.retention.minutes (x 60000), else log.retention.hours (x 3600000, default 168).

/** ConfigSynonym: a broker key and how its value converts to the topic config's unit. */
export interface ConfigSynonym {
  readonly name: string;
  readonly converter: (value: number) => number;
}

const identity = (v: number): number => v;
const HOURS_TO_MILLISECONDS = (v: number): number => v * 3600000;
const MINUTES_TO_MILLISECONDS = (v: number): number => v * 60000;

const syn = (name: string, converter = identity): ConfigSynonym => ({ name, converter });

/** Topic config name -> its broker synonyms, highest precedence first. */
export const ALL_TOPIC_CONFIG_SYNONYMS: ReadonlyMap<string, readonly ConfigSynonym[]> = new Map<string, ConfigSynonym[]>([
  ["segment.bytes", [syn("log.segment.bytes")]],
  ["segment.ms", [syn("log.roll.ms"), syn("log.roll.hours", HOURS_TO_MILLISECONDS)]],
  ["segment.jitter.ms", [syn("log.roll.jitter.ms"), syn("log.roll.jitter.hours", HOURS_TO_MILLISECONDS)]],
  ["segment.index.bytes", [syn("log.index.size.max.bytes")]],
  ["flush.messages", [syn("log.flush.interval.messages")]],
  ["flush.ms", [syn("log.flush.interval.ms"), syn("log.flush.scheduler.interval.ms")]],
  ["retention.bytes", [syn("log.retention.bytes")]],
  ["retention.ms", [syn("log.retention.ms"), syn("log.retention.minutes", MINUTES_TO_MILLISECONDS),
    syn("log.retention.hours", HOURS_TO_MILLISECONDS)]],
  ["max.message.bytes", [syn("message.max.bytes")]],
  ["index.interval.bytes", [syn("log.index.interval.bytes")]],
  ["delete.retention.ms", [syn("log.cleaner.delete.retention.ms")]],
  ["min.compaction.lag.ms", [syn("log.cleaner.min.compaction.lag.ms")]],
  ["max.compaction.lag.ms", [syn("log.cleaner.max.compaction.lag.ms")]],
  ["file.delete.delay.ms", [syn("log.segment.delete.delay.ms")]],
  ["min.cleanable.dirty.ratio", [syn("log.cleaner.min.cleanable.ratio")]],
  ["cleanup.policy", [syn("log.cleanup.policy")]],
  ["unclean.leader.election.enable", [syn("unclean.leader.election.enable")]],
  ["min.insync.replicas", [syn("min.insync.replicas")]],
  ["compression.type", [syn("compression.type")]],
  ["compression.gzip.level", [syn("compression.gzip.level")]],
  ["compression.lz4.level", [syn("compression.lz4.level")]],
  ["compression.zstd.level", [syn("compression.zstd.level")]],
  ["preallocate", [syn("log.preallocate")]],
  ["message.format.version", [syn("log.message.format.version")]],
  ["message.timestamp.type", [syn("log.message.timestamp.type")]],
  ["message.timestamp.difference.max.ms", [syn("log.message.timestamp.difference.max.ms")]],
  ["message.timestamp.before.max.ms", [syn("log.message.timestamp.before.max.ms")]],
  ["message.timestamp.after.max.ms", [syn("log.message.timestamp.after.max.ms")]],
  ["message.downconversion.enable", [syn("log.message.downconversion.enable")]],
  ["local.retention.ms", [syn("log.local.retention.ms")]],
  ["local.retention.bytes", [syn("log.local.retention.bytes")]],
]);

/** TOPIC_CONFIG_SYNONYMS: topic config -> its primary broker key (the "Server Default Property" column). */
export function serverConfigName(topicConfigName: string): string | null {
  return ALL_TOPIC_CONFIG_SYNONYMS.get(topicConfigName)?.[0]?.name ?? null;
}
