export { createJobs, type Jobs, type JobsDeps } from './createJobs';
export { JOBS_CONFIG, jobsConfigProblems, type JobsConfig } from './jobsConfig';
