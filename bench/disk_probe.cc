#include "disk_probe.h"

#include <lmdb.h>

#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

#include "bench_util.h"
#include "temp_dir.h"

namespace saraban::bench {
namespace {

void CheckLmdb(int rc, const char* what) {
  if (rc != 0) throw std::runtime_error(std::string("lmdb ") + what + ": " + mdb_strerror(rc));
}

}  // namespace

double ProbeDisk(int count, int threads) {
  saraban::testing::TempDir dir;
  MDB_env* env = nullptr;
  CheckLmdb(mdb_env_create(&env), "env_create");
  CheckLmdb(mdb_env_set_mapsize(env, size_t{1} << 30), "set_mapsize");
  // Same flags as the daemon's store: MDB_NOTLS and no NOSYNC flag.
  CheckLmdb(mdb_env_open(env, dir.path().c_str(), MDB_NOTLS, 0600), "env_open");
  MDB_dbi dbi;
  MDB_txn* setup = nullptr;
  CheckLmdb(mdb_txn_begin(env, nullptr, 0, &setup), "txn_begin");
  CheckLmdb(mdb_dbi_open(setup, nullptr, 0, &dbi), "dbi_open");
  CheckLmdb(mdb_txn_commit(setup), "txn_commit");
  const std::string record(600, 'x');
  PhaseResult r = RunTimed(threads, count, [&](int, int i) {
    char key_buf[32];
    std::snprintf(key_buf, sizeof key_buf, "letter/%010d", i + 1);
    MDB_txn* txn = nullptr;
    if (mdb_txn_begin(env, nullptr, 0, &txn) != 0) return false;
    MDB_val key{std::strlen(key_buf), key_buf};
    MDB_val data{record.size(), const_cast<char*>(record.data())};
    if (mdb_put(txn, dbi, &key, &data, 0) != 0) {
      mdb_txn_abort(txn);
      return false;
    }
    return mdb_txn_commit(txn) == 0;
  });
  mdb_env_close(env);
  const std::vector<double> sorted = Sorted(r.latencies_ms);
  const double rate = Rate(count - r.errors, r.wall_seconds);
  std::printf(
      "disk probe: %d raw durable LMDB commits, %d threads: %.1f commits/s, p50 %.2f ms, "
      "p99 %.2f ms, %d errors\n",
      count, threads, rate, Percentile(sorted, 50), Percentile(sorted, 99), r.errors);
  return rate;
}

}  // namespace saraban::bench
