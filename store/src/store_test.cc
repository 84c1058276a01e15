#include "store/store.h"

#include <gtest/gtest.h>
#include <lmdb.h>

#include <set>
#include <thread>

#include "temp_dir.h"

namespace saraban::store {
namespace {

using saraban::testing::TempDir;

std::unique_ptr<Store> OpenNew(const TempDir& dir) {
  auto store = Store::Open(dir.path(), {.map_size = uint64_t{1} << 30, .create = true});
  EXPECT_TRUE(store.ok()) << store.error().message;
  return std::move(*store);
}

Status PutUnitWithCode(Store& store, uint64_t id, const std::string& code) {
  return store.Write([&](WriteTxn& txn) {
    Unit u;
    u.id = id;
    u.code = code;
    u.name_lo = "ພະແນກ " + code;
    return txn.PutUnit(u);
  });
}

TEST(StoreTest, OpeningMissingDataIsNotFound) {
  TempDir dir;
  auto store = Store::Open(dir.path(), {});
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, Errc::kNotFound);
}

TEST(StoreTest, UnitCodesAreUnique) {
  TempDir dir;
  auto store = OpenNew(dir);
  ASSERT_TRUE(PutUnitWithCode(*store, 1, "ປທສ").ok());
  Status dup = PutUnitWithCode(*store, 2, "ປທສ");
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, Errc::kConflict);
  // Renaming unit 1 frees its old code.
  ASSERT_TRUE(PutUnitWithCode(*store, 1, "กค").ok());
  ASSERT_TRUE(PutUnitWithCode(*store, 2, "ປທສ").ok());
  auto found = store->Read([](const ReadTxn& txn) { return txn.FindUnitByCode("กค"); });
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, 1u);
}

TEST(StoreTest, FailedCallbackChangesNothing) {
  TempDir dir;
  auto store = OpenNew(dir);
  Status s = store->Write([&](WriteTxn& txn) -> Status {
    Unit u;
    u.id = 7;
    u.code = "X";
    if (Status put = txn.PutUnit(u); !put) return put;
    return MakeError(Errc::kInvalidArgument, "changed my mind");
  });
  EXPECT_EQ(s.error().code, Errc::kInvalidArgument);
  auto unit = store->Read([](const ReadTxn& txn) { return txn.GetUnit(7); });
  ASSERT_TRUE(unit.ok());
  EXPECT_FALSE(unit->has_value());
}

TEST(StoreTest, ConcurrentRegisterNumbersAreGapless) {
  TempDir dir;
  auto store = OpenNew(dir);
  std::vector<std::thread> threads;
  std::vector<uint64_t> got(40);
  for (int i = 0; i < 40; ++i) {
    threads.emplace_back([&, i] {
      auto n = store->Write([](WriteTxn& txn) { return txn.NextRegisterNumber(3, "receive", 2024); });
      got[i] = n.ok() ? *n : 0;
    });
  }
  for (auto& t : threads) t.join();
  std::set<uint64_t> numbers(got.begin(), got.end());
  EXPECT_EQ(numbers.size(), 40u);
  EXPECT_EQ(*numbers.begin(), 1u);
  EXPECT_EQ(*numbers.rbegin(), 40u);
  // Another book or year has its own counter.
  auto other = store->Write([](WriteTxn& txn) { return txn.NextRegisterNumber(3, "receive", 2025); });
  EXPECT_EQ(*other, 1u);
}

TEST(StoreTest, LettersAreIndexedByUnitNewestFirst) {
  TempDir dir;
  auto store = OpenNew(dir);
  for (uint64_t id = 1; id <= 5; ++id) {
    ASSERT_TRUE(store->Write([&](WriteTxn& txn) {
      Letter l;
      l.id = id;
      l.unit_id = id % 2 ? 10 : 20;
      l.subject = "ໜັງສືທີ " + std::to_string(id);
      return txn.PutLetter(l);
    }).ok());
  }
  // Moving letter 5 to unit 20 updates both index entries.
  ASSERT_TRUE(store->Write([&](WriteTxn& txn) -> Status {
    auto l = txn.GetLetter(5);
    if (!l) return l.status();
    (*l)->unit_id = 20;
    return txn.PutLetter(**l);
  }).ok());
  auto a = store->Read([](const ReadTxn& txn) { return txn.LetterIdsOfUnit(10); });
  auto b = store->Read([](const ReadTxn& txn) { return txn.LetterIdsOfUnit(20); });
  EXPECT_EQ(*a, (std::vector<uint64_t>{3, 1}));
  EXPECT_EQ(*b, (std::vector<uint64_t>{5, 4, 2}));
}

TEST(StoreTest, AuditEntriesAreHashChained) {
  TempDir dir;
  auto store = OpenNew(dir);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(store->Write([&](WriteTxn& txn) {
      AuditEntry e;
      e.action = "login";
      e.username = "ສົມໃຈ";
      return txn.AppendAudit(e);
    }).ok());
  }
  auto entries = store->Read([](const ReadTxn& txn) { return txn.ListAudit(0, 100); });
  ASSERT_EQ(entries->size(), 3u);
  EXPECT_EQ((*entries)[0].prev_hash, "");
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ((*entries)[i].hash, AuditHash((*entries)[i]));
    if (i > 0) {
      EXPECT_EQ((*entries)[i].prev_hash, (*entries)[i - 1].hash);
    }
  }
  AuditEntry edited = (*entries)[1];
  edited.username = "mallory";
  EXPECT_NE(AuditHash(edited), edited.hash);
  auto tail = store->Read([](const ReadTxn& txn) { return txn.ListAudit(2, 100); });
  ASSERT_EQ(tail->size(), 1u);
  EXPECT_EQ((*tail)[0].seq, 3u);
}

TEST(StoreTest, SessionsOfAUserCanBeEndedExceptOne) {
  TempDir dir;
  auto store = OpenNew(dir);
  for (const char* token : {"a", "b", "c"}) {
    ASSERT_TRUE(store->Write([&](WriteTxn& txn) {
      return txn.PutSession(Session{.token_hash = token, .user_id = 4});
    }).ok());
  }
  ASSERT_TRUE(store->Write([](WriteTxn& txn) { return txn.DeleteSessionsOfUser(4, "b"); }).ok());
  for (const char* token : {"a", "b", "c"}) {
    auto s = store->Read([&](const ReadTxn& txn) { return txn.GetSession(token); });
    EXPECT_EQ(s->has_value(), std::string(token) == "b") << token;
  }
}

TEST(StoreTest, AttachmentsAndTheirJobQueue) {
  TempDir dir;
  auto store = OpenNew(dir);
  for (uint64_t id = 1; id <= 3; ++id) {
    ASSERT_TRUE(store->Write([&](WriteTxn& txn) -> Status {
      Attachment a{.id = id, .letter_id = id == 3 ? 8u : 7u, .filename = "ສະແກນ.png"};
      if (Status s = txn.PutAttachment(a); !s) return s;
      return txn.EnqueueJob(id).status();
    }).ok());
  }
  auto of_seven = store->Read([](const ReadTxn& txn) { return txn.AttachmentsOfLetter(7); });
  ASSERT_EQ(of_seven->size(), 2u);
  EXPECT_EQ((*of_seven)[1].filename, "ສະແກນ.png");
  auto jobs = store->Read([](const ReadTxn& txn) { return txn.ListJobs(10); });
  ASSERT_EQ(jobs->size(), 3u);
  ASSERT_TRUE(store->Write([&](WriteTxn& txn) -> Status {
    if (Status s = txn.PutAttachmentText(1, "ข้อความ"); !s) return s;
    return txn.DeleteJob((*jobs)[0].seq);
  }).ok());
  jobs = store->Read([](const ReadTxn& txn) { return txn.ListJobs(10); });
  ASSERT_EQ(jobs->size(), 2u);
  EXPECT_EQ((*jobs)[0].attachment_id, 2u);
  auto text = store->Read([](const ReadTxn& txn) { return txn.GetAttachmentText(1); });
  EXPECT_EQ(text->value_or(""), "ข้อความ");
}

TEST(StoreTest, DataSurvivesReopen) {
  TempDir dir;
  {
    auto store = OpenNew(dir);
    ASSERT_TRUE(PutUnitWithCode(*store, 1, "สบ").ok());
  }
  auto again = Store::Open(dir.path(), {.map_size = uint64_t{1} << 30});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->schema_version(), kSchemaVersion);
  auto unit = (*again)->Read([](const ReadTxn& txn) { return txn.GetUnit(1); });
  ASSERT_TRUE(unit->has_value());
  EXPECT_EQ((*unit)->code, "สบ");
}

TEST(StoreTest, RefusesDataFromANewerSchema) {
  TempDir dir;
  OpenNew(dir).reset();
  {  // Pretend a future Saraban wrote this directory.
    MDB_env* env;
    ASSERT_EQ(mdb_env_create(&env), 0);
    mdb_env_set_maxdbs(env, 32);
    ASSERT_EQ(mdb_env_open(env, (dir.path() + "/store").c_str(), 0, 0600), 0);
    MDB_txn* txn;
    MDB_dbi meta;
    ASSERT_EQ(mdb_txn_begin(env, nullptr, 0, &txn), 0);
    ASSERT_EQ(mdb_dbi_open(txn, "meta", 0, &meta), 0);
    char key[] = "schema_version";
    unsigned char v[4] = {0, 0, 0, 99};
    MDB_val k{sizeof key - 1, key}, val{4, v};
    ASSERT_EQ(mdb_put(txn, meta, &k, &val, 0), 0);
    ASSERT_EQ(mdb_txn_commit(txn), 0);
    mdb_env_close(env);
  }
  auto store = Store::Open(dir.path(), {.map_size = uint64_t{1} << 30});
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, Errc::kCorruption);
  EXPECT_NE(store.error().message.find("newer"), std::string::npos);
}

}  // namespace
}  // namespace saraban::store
