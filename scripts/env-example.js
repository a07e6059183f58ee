// Writes .env.example from the settings declarations (src/config/declarations.ts), so it cannot drift.
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { renderEnvExample } = require('../dist/config/declarations');

writeFileSync(join(__dirname, '..', '.env.example'), renderEnvExample());
console.log('.env.example written');
