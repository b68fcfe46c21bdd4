// The analyze-logs job as DuckDB does it: load the canonical JSONL, then totals, per-model cost and
// percentiles, and the exact repeat rate. Prints the wall time in seconds and the figures for a cross-check.
// Usage: node duckdb-analyze.mjs LOG PRICES_JSON
// NO_MESSAGES=1 leaves the messages column (and so the repeat rate) out: DuckDB's time for the numeric part alone.
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';

const [log, pricesFile] = process.argv.slice(2);
const catalog = JSON.parse(readFileSync(pricesFile, 'utf8'));

function resolve(model) {
  const names = [model.toLowerCase()];
  const bare = names[0].replace(/^(openai|anthropic|deepseek|google)\//, '');
  names.push(bare, bare.replace(/-\d{4}-\d{2}-\d{2}$/, '').replace(/-\d{8}$/, ''));
  for (const n of names) {
    const e = catalog.models.find((m) => m.key.toLowerCase() === n);
    if (e) return e.prices[e.prices.length - 1];
  }
  return null;
}

const started = process.hrtime.bigint();
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
await c.run(`CREATE TABLE r AS SELECT * FROM read_json('${log.replace(/'/g, "''")}', format = 'newline_delimited',
  maximum_object_size = 67108864, columns = {
    timestamp: 'VARCHAR', request_id: 'VARCHAR', model: 'VARCHAR', status: 'VARCHAR', batch: 'BOOLEAN',
    latency_ms: 'DOUBLE',${process.env.NO_MESSAGES ? '' : " messages: 'STRUCT(role VARCHAR, content VARCHAR)[]',"}
    usage: 'STRUCT(input_tokens BIGINT, cache_read_input_tokens BIGINT, cache_creation_input_tokens BIGINT, output_tokens BIGINT)'})`);
const models = (await (await c.runAndReadAll('SELECT DISTINCT model FROM r')).getRowObjects()).map((x) => x.model);
await c.run('CREATE TABLE price (model VARCHAR, i DOUBLE, o DOUBLE, cr DOUBLE, cw DOUBLE, bi DOUBLE, bo DOUBLE)');
for (const m of models) {
  const p = resolve(m);
  if (!p) continue;
  const v = (x, d) => (x === undefined ? d : x) / 1e6;
  await c.run(`INSERT INTO price VALUES ('${m}', ${v(p.input)}, ${v(p.output)}, ${v(p.cache_read, p.input)},
    ${v(p.cache_write, p.input)}, ${v(p.batch_input, p.input / 2)}, ${v(p.batch_output, p.output / 2)})`);
}
const byModel = await (await c.runAndReadAll(`
  SELECT r.model, count(*) AS requests,
    sum(CASE WHEN batch THEN usage.input_tokens * bi + usage.output_tokens * bo
                              + (usage.cache_read_input_tokens * cr + usage.cache_creation_input_tokens * cw) / 2
             ELSE usage.input_tokens * i + usage.output_tokens * o + usage.cache_read_input_tokens * cr
                  + usage.cache_creation_input_tokens * cw END) AS cost_usd,
    sum(usage.input_tokens) AS input_tokens, sum(usage.output_tokens) AS output_tokens,
    quantile_cont(latency_ms, [0.5, 0.95]) AS latency
  FROM r LEFT JOIN price p ON p.model = r.model GROUP BY r.model ORDER BY cost_usd DESC NULLS LAST`)).getRowObjectsJson();
const totals = await (await c.runAndReadAll(`
  SELECT count(*) AS requests, count(*) FILTER (WHERE status = 'error') AS errors,
    quantile_cont(latency_ms, [0.5, 0.95, 0.99]) AS latency, avg(latency_ms) AS mean${process.env.NO_MESSAGES ? '' : `,
    1 - count(DISTINCT (model, list_transform(messages, m -> m.role || chr(1)
          || trim(regexp_replace(m.content, '\\s+', ' ', 'g'))))) FILTER (WHERE len(messages) > 0)
        / count(*) FILTER (WHERE len(messages) > 0) AS exact_repeat_rate`}
  FROM r`)).getRowObjectsJson();
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(JSON.stringify({ seconds, totals: totals[0], by_model: byModel }));
