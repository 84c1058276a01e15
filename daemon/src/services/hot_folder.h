// HotFolder turns scans that multifunction printers drop into a shared folder
// (the box's Samba share) into draft incoming letters.
//
// Layout under the root, one folder per unit that keeps register books, named
// by the unit's code (characters Windows forbids in names become '_'):
//
//   ROOT/<code>/scan.pdf            one file  -> one letter, one attachment
//   ROOT/<code>/job-17/p1.png ...   a folder  -> one letter, one attachment per
//                                   file (taken in name order, any depth)
//   ROOT/<code>/done/               taken items, moved here
//   ROOT/<code>/failed/             refused items, each with <name>.reason.txt
//
// An item is taken once nothing in it has changed (size, modification time,
// number of files) for `quiet` (network scanners write slowly). The letter is
// a draft in the unit's receive book, direction incoming, subject = the file
// name without its extension (or the folder's name), made by the "hot-folder"
// operator (user id 0, registrar of that unit only); its files are added with
// the attachment service, so their text extraction is queued in the same
// transaction. Items present at start are picked up by the first scan.
// Folders for new units are made within a few seconds of their creation.
//
// Delivery is at least once: a crash after the letter committed and before
// the item moved to done/ makes the item a second draft at the next start (a
// clerk deletes it); the other order could lose a scan.
//
// Thread-safety: Start and Stop from the owner; the work runs on one thread.
// Start fails with kIo when the root cannot be created or watched.
#ifndef SARABAN_DAEMON_SERVICES_HOT_FOLDER_H_
#define SARABAN_DAEMON_SERVICES_HOT_FOLDER_H_

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <thread>

#include "core/error.h"
#include "store/blob_store.h"
#include "store/store.h"

namespace saraban::services {

class OcrPool;

struct HotFolderOptions {
  std::string root;
  std::chrono::milliseconds quiet{5000};
  uint64_t max_upload = 200ull << 20;
};

class HotFolder {
 public:
  HotFolder(store::Store& store, store::BlobStore& blobs, OcrPool* ocr, HotFolderOptions options);
  ~HotFolder() { Stop(); }
  HotFolder(const HotFolder&) = delete;
  HotFolder& operator=(const HotFolder&) = delete;

  Status Start();
  // Waits for an item being taken to finish.
  void Stop();

  // The folder name of a unit code.
  static std::string FolderName(const std::string& unit_code);

 private:
  struct Seen {
    uint64_t bytes = 0;
    int64_t newest_mtime_ns = 0;
    size_t files = 0;
    std::chrono::steady_clock::time_point since;
  };

  void Loop();
  void MakeUnitFolders();
  // One pass over the tree: notes changes, takes quiet items.
  void Scan();
  void Take(const std::string& folder, const std::string& item);
  Result<uint64_t> Ingest(const std::string& folder, const std::string& item);
  void Watch(const std::string& dir);

  store::Store& store_;
  store::BlobStore& blobs_;
  OcrPool* ocr_;
  const HotFolderOptions options_;
  std::map<std::string, Seen> seen_;  // item path -> last signature
  // Items taken that could not be moved away (permissions): never taken
  // twice by this process; the log says so.
  std::set<std::string> stuck_;
  std::map<std::string, uint64_t> units_;  // folder name -> unit id (units keeping books)
  std::chrono::steady_clock::time_point units_loaded_{};
  int inotify_fd_ = -1;
  int stop_fd_ = -1;  // eventfd: Stop writes, the loop wakes
  std::thread thread_;
};

}  // namespace saraban::services

#endif  // SARABAN_DAEMON_SERVICES_HOT_FOLDER_H_
