// saraban reindex: throws the search index away and builds it again from the
// store. The index is derived data; this is never needed for correctness
// (the daemon catches up by itself) but is the answer to a damaged index.
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "cli/progress_bar.h"
#include "services/search_sync.h"

namespace saraban::cli {

int RunReindex(const std::string& data_dir) {
  auto store = store::Store::Open(data_dir, {});
  if (!store) return Fail(store.error());
  const std::string dir = data_dir + "/index";
  const std::string fresh = data_dir + "/index.rebuild";
  std::error_code ec;
  std::filesystem::remove_all(fresh, ec);
  auto index = indexer::Index::Open(fresh);
  if (!index) return Fail(index.error());
  services::SearchSync sync(**store, **index);
  ProgressBar bar("reindex", "letters");
  auto count = sync.Rebuild([&](size_t done, size_t total) { bar.Update(done, total); });
  if (!count) return Fail(count.error());
  bar.Finish();
  index->reset();
  // Swap in the new index only when it is complete.
  std::filesystem::remove_all(dir, ec);
  std::filesystem::rename(fresh, dir, ec);
  if (ec) return Fail(MakeError(Errc::kIo, "cannot move the new index into place: " + ec.message()));
  std::cout << "indexed " << *count << " letters into " << dir << "\n";
  return 0;
}

}  // namespace saraban::cli
