// Validates documents against a JSON Schema with ajv (node_modules, offline), for the CLI's
// tests: `node tests/schemas/validate.mjs SCHEMA FILE...` prints one JSON line per document,
// {"file", "document", "valid", "errors"}; YAML files may hold several documents.
//
// The SARIF 2.1.0 schema is draft-04, which ajv 8 no longer reads; it uses none of the
// keywords whose meaning changed after draft-04 (the boolean exclusiveMinimum and
// exclusiveMaximum), so it is read as draft-07 with `id` renamed `$id`. Formats (uri,
// date-time) are not checked: ajv's formats are a package of their own.
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { parseAllDocuments } from 'yaml';

const [schemaFile, ...files] = process.argv.slice(2);
const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
if (String(schema.$schema).includes('draft-04')) {
  if (JSON.stringify(schema).includes('exclusiveM')) throw new Error('a draft-04 keyword whose meaning changed');
  schema.$schema = 'http://json-schema.org/draft-07/schema#';
  schema.$id = schema.id;
  delete schema.id;
}
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
const check = ajv.compile(schema);
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const documents = file.endsWith('.json') ? [JSON.parse(text)] : parseAllDocuments(text).map((d) => d.toJS());
  documents.forEach((instance, document) => {
    const valid = check(instance);
    console.log(JSON.stringify({ file, document, valid, errors: valid ? [] : check.errors }));
  });
}
