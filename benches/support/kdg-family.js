#!/usr/bin/env node
// KDG's engine (the baselines' kdg-render.js setup: faker 3.1.0 `faker.fake` with KDG's helpers
// on moment 2.17.1) on any KDG template, plus the one KDG fix to faker the family templates
// reach that kdg-setup.js leaves out: `random.uuid` calling `faker.random.number` (upstream
// 3.1.0 throws through `fake()`; reference/kdg-templates.md §9.8).
//
// benches/families.sh copies this file into target/baselines/kdg-node/ so that `require` finds
// faker there. Usage: node kdg-family.js N TEMPLATE. Prints the baselines' RESULT line; records
// are not shape-checked (that check is sakila's).
'use strict';

const fs = require('fs');
const { setupKdgFaker, cleanTemplate, runBench } = require('./kdg-setup');

process.env.VALIDATE = '0';
const N = parseInt(process.argv[2] || '100000', 10);
const TEMPLATE_PATH = process.argv[3];
const WARMUP = parseInt(process.env.WARMUP || '20000', 10);
const SEED = parseInt(process.env.SEED || '42', 10);

const { faker } = setupKdgFaker(SEED);
// KDG's uuid: the RFC 4122 template with each x from number(15) and y from (r & 3) | 8.
faker.random.uuid = function () {
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, function (c) {
    const r = faker.random.number({ min: 0, max: 15 });
    return (c === 'x' ? r : (r & 0x3) | 0x8).toString(16);
  });
};

const tmpl = cleanTemplate(fs.readFileSync(TEMPLATE_PATH, 'utf8'));
runBench({
  peer: 'kdg-node-faker3', n: N, mode: 'render', warmup: WARMUP,
  gen: () => faker.fake(tmpl),
});
