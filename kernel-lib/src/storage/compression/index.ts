import { IllegalArgumentException, KafkaException } from "../errors";
import type { CompressionCodec } from "./CompressionCodec";
import { CompressionType, compressionName, compressionTypeForId } from "./CompressionType";
import { GzipCodec } from "./GzipCodec";
import { createLz4Codec } from "./Lz4Codec";
import { NoCompression } from "./NoCompression";
import { createSnappyCodec } from "./SnappyCodec";
import { createZstdCodec } from "./ZstdCodec";

export type { CompressionCodec } from "./CompressionCodec";
export { CompressionType, compressionTypeForName, compressionTypeForId, compressionName, COMPRESSION_NAMES } from "./CompressionType";
export type { CompressionName } from "./CompressionType";
export { CompressionRatioEstimator, COMPRESSION_RATIO_IMPROVING_STEP, COMPRESSION_RATIO_DETERIORATE_STEP, INITIAL_COMPRESSION_RATIO } from "./CompressionRatioEstimator";
export { GZIP_DEFAULT_LEVEL, GZIP_MIN_LEVEL, GZIP_MAX_LEVEL } from "./GzipCodec";
export { LZ4_DEFAULT_LEVEL, LZ4_MIN_LEVEL, LZ4_MAX_LEVEL, LZ4_BLOCK_SIZE, LZ4_FRAME_HEADER } from "./Lz4Codec";
export { ZSTD_DEFAULT_LEVEL, ZSTD_MIN_LEVEL, ZSTD_MAX_LEVEL } from "./ZstdCodec";
export { XERIAL_MAGIC, XERIAL_BLOCK_SIZE, XERIAL_HEADER_SIZE, isXerialFramed } from "./SnappyCodec";

// Codecs are created on first use: gzip is built in, snappy and lz4 are native addons loaded with a
// synchronous require, zstd is WebAssembly whose initialization is asynchronous, so it must be loaded
// with `await loadCodec(CompressionType.ZSTD)` (or `loadAllCodecs()`) before codecFor can hand it out.
const loaded: (CompressionCodec | undefined)[] = [NoCompression, GzipCodec, undefined, undefined, undefined];
let zstdLoading: Promise<CompressionCodec> | undefined;

/** The codec for a compression type; synchronous. Throws if the codec needs an asynchronous load first. */
export function codecFor(type: CompressionType): CompressionCodec {
  const codec = loaded[type];
  if (codec !== undefined) return codec;
  switch (compressionTypeForId(type)) {
    case CompressionType.SNAPPY:
      return (loaded[type] = loadNative(type, createSnappyCodec));
    case CompressionType.LZ4:
      return (loaded[type] = loadNative(type, createLz4Codec));
    case CompressionType.ZSTD:
      throw new KafkaException(
        "The zstd codec is not loaded yet: its WebAssembly module initializes asynchronously. " +
        "Run `await loadCodec(CompressionType.ZSTD)` (or `await loadAllCodecs()`) once before using zstd.");
    default:
      throw new IllegalArgumentException("Unknown compression type id: " + type);
  }
}

/** Whether codecFor(type) will answer without throwing. */
export function isCodecLoaded(type: CompressionType): boolean {
  return loaded[type] !== undefined;
}

/** Load a codec (initializing zstd's WebAssembly module if needed); afterwards codecFor(type) is synchronous. */
export async function loadCodec(type: CompressionType): Promise<CompressionCodec> {
  if (type !== CompressionType.ZSTD) return codecFor(type);
  const ready = loaded[type];
  if (ready !== undefined) return ready;
  zstdLoading ??= createZstdCodec().then(
    (codec) => (loaded[CompressionType.ZSTD] = codec),
    (e: unknown) => {
      zstdLoading = undefined;
      throw new KafkaException("Failed to load the zstd codec (@bokuweb/zstd-wasm): " + describe(e), { cause: e });
    },
  );
  return zstdLoading;
}

/** Load every codec; resolves to them in id order (none, gzip, snappy, lz4, zstd). */
export async function loadAllCodecs(): Promise<CompressionCodec[]> {
  const types = [CompressionType.NONE, CompressionType.GZIP, CompressionType.SNAPPY, CompressionType.LZ4, CompressionType.ZSTD];
  return Promise.all(types.map((t) => loadCodec(t)));
}

function loadNative(type: CompressionType, create: () => CompressionCodec): CompressionCodec {
  try {
    return create();
  } catch (e) {
    const pkg = type === CompressionType.SNAPPY ? "snappy" : "lz4-napi";
    throw new KafkaException(`Failed to load the ${compressionName(type)} codec (npm package ${pkg}): ${describe(e)}`, { cause: e });
  }
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
