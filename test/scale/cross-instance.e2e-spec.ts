import { describeOnMysql, startTwoInstances } from '../support/two-instances';
import { crossInstanceCases } from './cross-instance-cases';

/** Issue 19, item 3: the cross-instance suite on one MariaDB schema (on a Galera cluster: galera.e2e-spec.ts). */
describeOnMysql()('two instances on one database and one Redis', () => {
  crossInstanceCases((env) => startTwoInstances(env));
});
