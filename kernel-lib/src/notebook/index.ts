// kafkalab notebook display layer: charts, tables and progress bars for the tslab kernel.
export { display, updateDisplay, setDisplaySink, hasCustomDisplaySink, inKernel, emitDisplay } from "./display";
export type { MimeBundle, DisplayMessage, DisplaySink, DisplayOptions } from "./display";
export {
  chart, vegaLite, chartSpec, chartBundle, vegaLiteBundle,
  VEGA_LITE_MIME, VEGA_LITE_V5_SCHEMA, DEFAULT_CHART_WIDTH, DEFAULT_CHART_HEIGHT,
} from "./Chart";
export type { ChartOptions, ChartMark, FieldType, ScaleOptions, VegaLiteSpec } from "./Chart";
export { table, tableBundle, DEFAULT_MAX_ROWS } from "./Table";
export type { TableOptions } from "./Table";
export { formatCell, formatNumber } from "./CellFormat";
export type { ColumnFormat } from "./CellFormat";
export { progress } from "./Progress";
export type { Progress } from "./Progress";
export { isTableLike } from "./TableLike";
export type { TableLike, TableData } from "./TableLike";
export { canonicalJson, stableStringify } from "./StableJson";
export type { JsonValue } from "./StableJson";
export { escapeHtml } from "./HtmlEscape";
export { textWidth } from "./TextWidth";
