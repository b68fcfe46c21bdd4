// Token counts of a corpus drawn from ../shared/data, computed once with tiktoken (npm, OpenAI's BPE in wasm),
// for TokenCounterTest. Run from a folder where `npm install tiktoken@1.0.22` was done:
//   node src/test/resources/tokens/tiktoken_reference.mjs ../shared/data > src/test/resources/tokens/tiktoken_counts.json
import { get_encoding } from 'tiktoken';
import { readFileSync } from 'node:fs';

const data = process.argv[2];
const texts = [];
const consts = JSON.parse(readFileSync(`${data}/llmlingua-examples/llmlingua_test_constants.json`, 'utf8'));
for (const [file, cs] of Object.entries(consts)) {
  for (const [name, v] of Object.entries(cs)) {
    (Array.isArray(v) ? v : [v]).forEach((t, i) => texts.push({ source: `llmlingua:${file}:${name}:${i}`, text: String(t) }));
  }
}
const qqp = JSON.parse(readFileSync(`${data}/gptcache-qqp/similiar_qqp_full.json`, 'utf8'));
for (let i = 0; i < qqp.length && i < 4000; i += 20) {
  texts.push({ source: `qqp:${i}:a`, text: qqp[i].text_a });
}
texts.push({ source: 'edge:empty', text: '' });
texts.push({ source: 'edge:emoji', text: 'Cost 💸 went up 📈 by 12.5% — 为什么? Ünïcödé tëxt\t\ttabs\n\n\nnewlines   spaces' });
texts.push({ source: 'edge:code', text: 'def f(x):\n    return {"a": [1, 2, 3], "b": x ** 2}  # comment\n\n```js\nconst y = await fetch(url);\n```' });
const out = { tiktoken: '1.0.22', items: [] };
const encs = { cl100k_base: get_encoding('cl100k_base'), o200k_base: get_encoding('o200k_base') };
for (const t of texts) {
  out.items.push({ source: t.source, cl100k_base: encs.cl100k_base.encode_ordinary(t.text).length,
    o200k_base: encs.o200k_base.encode_ordinary(t.text).length });
}
console.log(JSON.stringify(out, null, 1));
