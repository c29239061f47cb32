// Validates Kubernetes manifests against the API's schemas: every document of every file given must be a kind this
// checker knows and pass its schema (types, required fields, enums, formats). Unknown fields are not caught: the
// compiled schemas allow them, as kubeconform does without -strict.
//   node check-manifests.mjs FILE.yaml...
// Exits non-zero, naming the file, document and path, on the first problem; prints one line per valid document.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { ConfigMap, Secret, Service } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';

const kinds = { ConfigMap, Secret, Service, Deployment, HorizontalPodAutoscaler, PodDisruptionBudget };
let problems = 0;
for (const file of process.argv.slice(2)) {
  for (const [index, doc] of parseAllDocuments(readFileSync(file, 'utf8')).entries()) {
    const where = `${file}#${index + 1}`;
    if (doc.errors.length > 0) { console.error(`${where}: not YAML: ${doc.errors[0].message}`); problems++; continue; }
    const object = doc.toJS();
    const Model = kinds[object?.kind];
    if (!Model || object.apiVersion !== Model.apiVersion) {
      console.error(`${where}: unknown kind ${object?.apiVersion}/${object?.kind}`); problems++; continue;
    }
    try {
      new Model(object).validate();
      console.log(`${where}: ${object.kind} ${object.metadata?.name}: valid`);
    } catch (e) {
      console.error(`${where}: ${object.kind} ${object.metadata?.name}: ${e.message}`); problems++;
    }
  }
}
process.exit(problems === 0 ? 0 : 1);
