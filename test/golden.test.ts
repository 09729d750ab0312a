import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { caseNames, listOut, readCaseConfig, readOut, runCase, writeOutputs } from './support/golden';

const names = caseNames(process.env.FILTER ?? '');
const only = names.filter((n) => readCaseConfig(n).only);

for (const name of only.length ? only : names) {
  if (readCaseConfig(name).skip) continue;
  test(`golden ${name}`, () => {
    const outputs = runCase(name);
    if (process.env.UPDATE_GOLDEN) return writeOutputs(name, outputs);
    assert.equal(listOut(name), [...outputs.keys()].sort(), 'out/ holds exactly the files the compiler produces');
    for (const [file, text] of outputs) assert.fixture(text, readOut(name, file), `out/${file}`);
  });
}

test.run();
