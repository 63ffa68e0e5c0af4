-- Flink SQL access to the HBase table `sensor` as pump-monitor writes it (docs/operations.md, "Flink SQL").
-- Run in the Flink SQL client with the job jar, which carries the HBase connector:
--   ./bin/sql-client.sh --jar flink-job/target/flink-job.jar -i docs/sql/sensor.sql
-- Set 'table-name' and 'zookeeper.quorum' to yours. Values are stored as text (so that the HBase
-- shell shows them); the views cast them to their types. Reading rows have the key
-- PUMP|2014-03-10T01:01:00Z, statistics rows PUMP|2014-03-10.

CREATE TABLE sensor (
  rowkey STRING,
  data ROW<m STRING, hz STRING, disp STRING, flo STRING, sedPPM STRING, psi STRING, chlPPM STRING>,
  alert ROW<psi STRING, threshold STRING>,
  late ROW<missed_day STRING>,
  episode ROW<state STRING, `start` STRING, `end` STRING, min_psi STRING, min_psi_time STRING, readings STRING, rule STRING, measure STRING, `condition` STRING, threshold STRING, severity STRING, peak STRING, peak_time STRING, reason STRING>,
  stats ROW<pump STRING, `day` STRING, `count` STRING, `final` STRING, hz_min STRING, hz_max STRING, hz_avg STRING, disp_min STRING, disp_max STRING, disp_avg STRING, flo_min STRING, flo_max STRING, flo_avg STRING, sedPPM_min STRING, sedPPM_max STRING, sedPPM_avg STRING, psi_min STRING, psi_max STRING, psi_avg STRING, chlPPM_min STRING, chlPPM_max STRING, chlPPM_avg STRING>,
  PRIMARY KEY (rowkey) NOT ENFORCED
) WITH (
  'connector' = 'hbase-2.2',
  'table-name' = 'sensor',
  'zookeeper.quorum' = '127.0.0.1:2181'
);

-- One row per reading. A reading's six measures are one cell, data:m (hz,disp,flo,sedPPM,psi,chlPPM
-- separated by commas); rows written before December 2026 have a cell per measure instead.
CREATE VIEW readings AS
SELECT
  SPLIT_INDEX(rowkey, '|', 0) AS pump,
  TO_TIMESTAMP(REPLACE(REPLACE(SPLIT_INDEX(rowkey, '|', 1), 'T', ' '), 'Z', '')) AS reading_time,
  CAST(COALESCE(SPLIT_INDEX(data.m, ',', 0), data.hz) AS DOUBLE) AS hz,
  CAST(COALESCE(SPLIT_INDEX(data.m, ',', 1), data.disp) AS DOUBLE) AS disp,
  CAST(COALESCE(SPLIT_INDEX(data.m, ',', 2), data.flo) AS DOUBLE) AS flo,
  CAST(COALESCE(SPLIT_INDEX(data.m, ',', 3), data.sedPPM) AS DOUBLE) AS sedPPM,
  CAST(COALESCE(SPLIT_INDEX(data.m, ',', 4), data.psi) AS DOUBLE) AS psi,
  CAST(COALESCE(SPLIT_INDEX(data.m, ',', 5), data.chlPPM) AS DOUBLE) AS chlPPM,
  late.missed_day IS NOT NULL AS late
FROM sensor
WHERE data.m IS NOT NULL OR data.psi IS NOT NULL;

-- One row per low-pressure alarm.
CREATE VIEW alarms AS
SELECT
  SPLIT_INDEX(rowkey, '|', 0) AS pump,
  TO_TIMESTAMP(REPLACE(REPLACE(SPLIT_INDEX(rowkey, '|', 1), 'T', ' '), 'Z', '')) AS reading_time,
  CAST(alert.psi AS DOUBLE) AS psi,
  CAST(alert.threshold AS DOUBLE) AS threshold
FROM sensor
WHERE alert.psi IS NOT NULL;

-- One row per pump and day; is_final is false while the day is still open.
CREATE VIEW daily_statistics AS
SELECT
  stats.pump AS pump,
  CAST(stats.`day` AS DATE) AS `day`,
  CAST(stats.`count` AS BIGINT) AS readings,
  CAST(stats.`final` AS BOOLEAN) AS is_final,
  CAST(stats.hz_min AS DOUBLE) AS hz_min,
  CAST(stats.hz_max AS DOUBLE) AS hz_max,
  CAST(stats.hz_avg AS DOUBLE) AS hz_avg,
  CAST(stats.disp_min AS DOUBLE) AS disp_min,
  CAST(stats.disp_max AS DOUBLE) AS disp_max,
  CAST(stats.disp_avg AS DOUBLE) AS disp_avg,
  CAST(stats.flo_min AS DOUBLE) AS flo_min,
  CAST(stats.flo_max AS DOUBLE) AS flo_max,
  CAST(stats.flo_avg AS DOUBLE) AS flo_avg,
  CAST(stats.sedPPM_min AS DOUBLE) AS sedPPM_min,
  CAST(stats.sedPPM_max AS DOUBLE) AS sedPPM_max,
  CAST(stats.sedPPM_avg AS DOUBLE) AS sedPPM_avg,
  CAST(stats.psi_min AS DOUBLE) AS psi_min,
  CAST(stats.psi_max AS DOUBLE) AS psi_max,
  CAST(stats.psi_avg AS DOUBLE) AS psi_avg,
  CAST(stats.chlPPM_min AS DOUBLE) AS chlPPM_min,
  CAST(stats.chlPPM_max AS DOUBLE) AS chlPPM_max,
  CAST(stats.chlPPM_avg AS DOUBLE) AS chlPPM_avg
FROM sensor
WHERE stats.`count` IS NOT NULL;

-- One row per episode of an alarm rule; is_open while it lasts (ended_at is then null). Rows of
-- the built-in rule written before rules existed have no rule cells: they are rule 'low-pressure'.
-- min_psi is null for rules on another measure, or on psi above a threshold; peak is the worst value.
CREATE VIEW episodes AS
SELECT
  SPLIT_INDEX(rowkey, '|', 0) AS pump,
  COALESCE(episode.rule, 'low-pressure') AS rule,
  COALESCE(episode.measure, 'psi') AS measure,
  COALESCE(episode.`condition`, 'below') AS `condition`,
  CAST(episode.threshold AS DOUBLE) AS threshold,
  COALESCE(episode.severity, 'critical') AS severity,
  TO_TIMESTAMP(REPLACE(REPLACE(episode.`start`, 'T', ' '), 'Z', '')) AS started_at,
  CASE WHEN episode.state = 'open' THEN CAST(NULL AS TIMESTAMP(3))
       ELSE TO_TIMESTAMP(REPLACE(REPLACE(episode.`end`, 'T', ' '), 'Z', '')) END AS ended_at,
  episode.state = 'open' AS is_open,
  CAST(episode.min_psi AS DOUBLE) AS min_psi,
  CAST(COALESCE(episode.peak, episode.min_psi) AS DOUBLE) AS peak,
  CAST(episode.readings AS BIGINT) AS readings
FROM sensor
WHERE episode.state IS NOT NULL;
