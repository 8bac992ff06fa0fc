-- The current full schema of the mhc-tune tuning database (version 1), for readers.
-- mhc-tune never runs this file: it builds a database by applying db/migrations/*.sql in order,
-- and a test checks that doing so yields exactly the objects below. When you add a migration,
-- update this file to match and bump the user_version at the end.
--
-- `sqlite3 new.db < db/schema.sql` makes a database mhc-tune accepts.

CREATE TABLE devices (
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL,
  name TEXT NOT NULL,
  compute_capability TEXT NOT NULL,  -- "9.0"
  sm_count INTEGER NOT NULL,
  l2_bytes INTEGER NOT NULL,
  memory_bytes INTEGER NOT NULL,
  memory_bus_bits INTEGER NOT NULL,
  sm_clock_mhz INTEGER NOT NULL,      -- peak, as the driver reports it
  memory_clock_mhz INTEGER NOT NULL,  -- peak, as the driver reports it
  peak_bandwidth_gbps REAL NOT NULL,
  driver_version TEXT NOT NULL,
  cuda_runtime_version TEXT NOT NULL,
  nvrtc_version TEXT NOT NULL,
  cupti_version TEXT NOT NULL,
  -- The same GPU under another driver or toolchain is another device: timings may differ.
  UNIQUE (uuid, driver_version, cuda_runtime_version, nvrtc_version)
);

CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  device_id INTEGER NOT NULL REFERENCES devices (id),
  started_at TEXT NOT NULL,  -- ISO-8601 UTC
  finished_at TEXT,          -- NULL while running or when the run never finished
  status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'interrupted', 'failed')),
  command_line TEXT NOT NULL,
  mhc_tune_version TEXT NOT NULL,
  git_commit TEXT NOT NULL,
  host_name TEXT NOT NULL,
  timer TEXT NOT NULL CHECK (timer IN ('cupti', 'events')),
  cache_mode TEXT NOT NULL CHECK (cache_mode IN ('cold', 'hot')),
  copy_bandwidth_gbps REAL  -- the copy ceiling measured in this run; NULL if not measured
);

-- Kernel text by content hash, so a database is self-contained evidence of what was timed.
CREATE TABLE kernel_sources (
  hash TEXT PRIMARY KEY,
  path TEXT NOT NULL,  -- relative to kernels/
  text TEXT NOT NULL
);

CREATE TABLE variants (
  id INTEGER PRIMARY KEY,
  op TEXT NOT NULL,
  params TEXT NOT NULL,  -- canonical: "threads=128,vec=4"
  source_hash TEXT NOT NULL REFERENCES kernel_sources (hash),
  arch TEXT NOT NULL,    -- "sm_90a"
  compile_options TEXT NOT NULL,
  UNIQUE (op, params, source_hash, arch, compile_options)
);

CREATE TABLE compilations (
  id INTEGER PRIMARY KEY,
  variant_id INTEGER NOT NULL REFERENCES variants (id),
  cache_key TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'compile_error', 'timeout')),
  log TEXT NOT NULL,
  compile_ms REAL NOT NULL,
  registers INTEGER,  -- resource usage is NULL when ptxas did not report it
  spill_store_bytes INTEGER,
  spill_load_bytes INTEGER,
  stack_bytes INTEGER,
  shared_bytes INTEGER,
  UNIQUE (variant_id, cache_key)
);

CREATE TABLE problems (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL CHECK (path IN ('static', 'dynamic')),
  direction TEXT NOT NULL CHECK (direction IN ('forward', 'backward')),
  tokens INTEGER NOT NULL,   -- B
  hidden INTEGER NOT NULL,   -- C
  streams INTEGER NOT NULL,  -- n
  residual_dtype TEXT NOT NULL CHECK (residual_dtype IN ('f32', 'bf16')),
  convention TEXT NOT NULL CHECK (convention IN ('paper', 'production')),
  sinkhorn_iters INTEGER NOT NULL,
  rms_eps REAL NOT NULL,
  sinkhorn_eps REAL NOT NULL,
  post_mult REAL NOT NULL,
  pre_eps REAL NOT NULL,
  UNIQUE (path, direction, tokens, hidden, streams, residual_dtype, convention, sinkhorn_iters,
          rms_eps, sinkhorn_eps, post_mult, pre_eps)
);

-- One verified-and-timed (or failed) try of one op variant or one pipeline on one problem.
CREATE TABLE attempts (
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  run_id INTEGER NOT NULL REFERENCES runs (id),
  problem_id INTEGER NOT NULL REFERENCES problems (id),
  subject_kind TEXT NOT NULL CHECK (subject_kind IN ('op', 'pipeline')),
  subject_name TEXT NOT NULL,  -- the op's or the pipeline's name
  variant_id INTEGER REFERENCES variants (id),  -- ops only; pipelines list pipeline_members
  role TEXT NOT NULL CHECK (role IN ('candidate', 'default', 'baseline', 'tuned')),
  outcome TEXT NOT NULL
    CHECK (outcome IN ('ok', 'compile_error', 'wrong', 'fault', 'timeout', 'skipped')),
  message TEXT NOT NULL,
  log TEXT NOT NULL,
  -- verification against the float64 reference (NULL when it never ran)
  seed INTEGER,
  rel_norm_error REAL,
  max_abs_error REAL,
  worst_index INTEGER,
  error_bound REAL,
  -- timing (NULL unless verified and timed)
  timer TEXT CHECK (timer IN ('cupti', 'events')),
  cache_mode TEXT NOT NULL CHECK (cache_mode IN ('cold', 'hot')),
  median_us REAL,
  min_us REAL,
  max_us REAL,
  mean_us REAL,
  stddev_us REAL,
  kernels_sum_median_us REAL,  -- median of the per-sample sum of kernel durations
  repetitions INTEGER,
  relative_noise REAL,
  noise_target_met INTEGER CHECK (noise_target_met IN (0, 1)),
  bytes_moved INTEGER,  -- minimum bytes the subject must move: the roofline numerator
  sm_clock_mhz REAL,    -- median SM clock seen while timing, when it could be read
  created_at TEXT NOT NULL,
  CHECK ((subject_kind = 'op') = (variant_id IS NOT NULL))
);
CREATE INDEX attempts_by_subject ON attempts (problem_id, subject_kind, subject_name);
CREATE INDEX attempts_by_run ON attempts (run_id);

CREATE TABLE pipeline_members (
  attempt_id INTEGER NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,  -- launch order, from 0
  op TEXT NOT NULL,
  variant_id INTEGER NOT NULL REFERENCES variants (id),
  PRIMARY KEY (attempt_id, position)
);

-- Winners. Only a verified ('ok') and timed attempt can win. Cold and hot timings are never
-- compared with each other, so cache_mode is part of the group. Ties go to the earlier attempt.
CREATE VIEW op_winners AS
SELECT device_id, problem_id, cache_mode, op, variant_id, attempt_id, median_us
FROM (
  SELECT r.device_id, a.problem_id, a.cache_mode, a.subject_name AS op, a.variant_id,
         a.id AS attempt_id, a.median_us,
         row_number() OVER (PARTITION BY r.device_id, a.problem_id, a.cache_mode, a.subject_name
                            ORDER BY a.median_us, a.id) AS place
  FROM attempts a JOIN runs r ON r.id = a.run_id
  WHERE a.subject_kind = 'op' AND a.outcome = 'ok' AND a.median_us IS NOT NULL
)
WHERE place = 1;

CREATE VIEW pipeline_winners AS
SELECT device_id, problem_id, cache_mode, pipeline, attempt_id, median_us
FROM (
  SELECT r.device_id, a.problem_id, a.cache_mode, a.subject_name AS pipeline,
         a.id AS attempt_id, a.median_us,
         row_number() OVER (PARTITION BY r.device_id, a.problem_id, a.cache_mode
                            ORDER BY a.median_us, a.id) AS place
  FROM attempts a JOIN runs r ON r.id = a.run_id
  WHERE a.subject_kind = 'pipeline' AND a.outcome = 'ok' AND a.median_us IS NOT NULL
)
WHERE place = 1;

-- 0x6D484354 is "mHCT": mhc-tune refuses (and never modifies) a file without it.
PRAGMA application_id = 1833452372;
PRAGMA user_version = 1;
