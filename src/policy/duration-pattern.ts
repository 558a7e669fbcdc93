// ISO 8601 durations: P10Y, P12M, P1M, P30D, PT15M. Apart from the schema so reading a duration
// does not load the schema library.
export const DURATION_PATTERN =
  '^P(?=\\d|T\\d)(?:(\\d+)Y)?(?:(\\d+)M)?(?:(\\d+)W)?(?:(\\d+)D)?(?:T(?=\\d)(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+)S)?)?$';
