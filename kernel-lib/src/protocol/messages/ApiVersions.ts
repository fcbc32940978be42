// ApiVersions (api key 18): ApiVersionsRequest.json / ApiVersionsResponse.json, Kafka 3.9 (v0-3).
// The first request on a connection: which APIs and versions the broker speaks.

export interface ApiVersionsRequest {
  apiKey: 18;
  clientSoftwareName: string;
  clientSoftwareVersion: string;
}

export interface ApiVersionsResponse {
  errorCode: number;
  apiKeys: { apiKey: number; minVersion: number; maxVersion: number }[];
  throttleTimeMs: number;
  /** Tagged: features the broker supports (e.g. metadata.version). */
  supportedFeatures?: { name: string; minVersion: number; maxVersion: number }[];
  finalizedFeaturesEpoch?: number;
  finalizedFeatures?: { name: string; maxVersionLevel: number; minVersionLevel: number }[];
  zkMigrationReady?: boolean;
}
