/**
 * The benchmark's queries, by kind. Words come from the synthetic catalog (real article vocabulary
 * plus invented product names such as "Trivex"), so every plain query has matches.
 */
export type QueryCategory = 'plain' | 'prefix' | 'typo' | 'filtered';

export const QUERY_SETS: Record<QueryCategory, string[]> = {
  plain: [
    'dynamodb',
    'tenant isolation',
    'opensearch',
    'serverless saas',
    'cost profiler',
    'kubernetes',
    'data ingestion pipeline',
    'throttling api gateway',
    'multi-tenant saas',
    'backup recovery',
    'partitioning tenant data',
    'sftp',
    'which articles cover tenant onboarding?',
    'trivex',
    'nexvexqui connector',
    'kaphatriten',
  ],
  prefix: ['dyna', 'kube', 'partit', 'serverl', 'obser', 'opens', 'keysp', 'thrott', 'ingest', 'tena', 'sagem', 'triv'],
  typo: [
    'dynamdb',
    'kubernets',
    'tenat isolaton',
    'opensaerch',
    'serverles saas',
    'obsevability',
    'throtling',
    'partitoning data',
    'sagemkaer',
    'keyspcaes',
    'trivexx',
    'multi-tenat',
  ],
  filtered: [
    'tenant author:golding',
    'dynamodb year:2022',
    'saas after:2021-06 -oracle',
    'tag:serverless latest',
    'isolation author:sharma sort:newest',
    'pipeline tag:devops before:2018',
    'author:tanaka',
    'year:2020 tag:saas',
    'kubernetes -tag:apn',
    'cost after:2023',
  ],
};
