import { type CompressionCodec, asBuffer } from "./CompressionCodec";
import { CompressionType } from "./CompressionType";

/** compression.type=none: the records array is stored as is. */
export const NoCompression: CompressionCodec = {
  type: CompressionType.NONE,
  compress: (data) => asBuffer(data),
  decompress: (data) => asBuffer(data),
};
