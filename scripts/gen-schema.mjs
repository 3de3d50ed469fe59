// Regenerates src/core/spec/experiment-spec.schema.json from the ExperimentSpec type.
// `npm run schema`; a unit test fails when the committed schema is stale.
import { createGenerator } from 'ts-json-schema-generator';
import { writeFileSync } from 'node:fs';

export function generateSchema() {
  const schema = createGenerator({
    path: 'src/core/spec/types.ts',
    tsconfig: 'tsconfig.node.json',
    type: 'ExperimentSpec',
    additionalProperties: false,
    skipTypeCheck: true,
  }).createSchema('ExperimentSpec');
  return JSON.stringify(schema, null, 2) + '\n';
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  writeFileSync('src/core/spec/experiment-spec.schema.json', generateSchema());
  console.log('wrote src/core/spec/experiment-spec.schema.json');
}
