/**
 * The types of the casts in a result column's name as Spark writes them (`CAST(x AS STRING)`,
 * `CAST(x AS DOUBLE)`, `CAST(x AS TIMESTAMP)`, `CAST(a AS ARRAY<BIGINT>)`), where DuckDB writes its
 * own (`VARCHAR`, `"DOUBLE"`, `"TIMESTAMP WITH TIME ZONE"`, `BIGINT[]`). Structs and maps keep
 * DuckDB's text.
 */
const SPARK_TYPES: Readonly<Record<string, string>> = {
  VARCHAR: "STRING", DOUBLE: "DOUBLE", FLOAT: "FLOAT", BOOLEAN: "BOOLEAN", DATE: "DATE", BLOB: "BINARY", INTEGER: "INT", BIGINT: "BIGINT",
  SMALLINT: "SMALLINT", TINYINT: "TINYINT", "TIMESTAMP WITH TIME ZONE": "TIMESTAMP", TIMESTAMP: "TIMESTAMP_NTZ",
};

/** a scalar DuckDB type's name as Spark's SQL names the type (DECIMAL(10, 2) as DECIMAL(10,2)), undefined for one it has no name of here */
export function sparkTypeName(duckType: string): string | undefined {
  const decimal = /^DECIMAL\((\d+), ?(\d+)\)$/.exec(duckType);
  return decimal ? `DECIMAL(${decimal[1]},${decimal[2]})` : SPARK_TYPES[duckType];
}

/** `name` with each ` AS <DuckDB type>)` of a cast (outside string literals) as Spark's type */
export function sparkCastTypes(name: string): string {
  return name.replace(/ AS ("?)(TIMESTAMP WITH TIME ZONE|[A-Z]+(?:\(\d+, ?\d+\))?)\1((?:\[\])*)\)|'(?:[^']|'')*'/g, (whole, _quote, type: string | undefined, lists: string) => {
    if (type === undefined) return whole;
    const spark = sparkTypeName(type);
    if (spark === undefined) return whole;
    const depth = lists.length / 2;
    return ` AS ${"ARRAY<".repeat(depth)}${spark}${">".repeat(depth)})`;
  });
}
