#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <string>
#include <thread>

#include "indexer/indexer.h"
#include "temp_dir.h"

namespace saraban::indexer {
namespace {

class IndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Index::Open(dir_.Sub("index"));
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    index_ = std::move(*opened);
    Add(1, 10, "ແຈ້ງການ ກ່ຽວກັບການກະກຽມກອງປະຊຸມປະຈຳປີ", "ກະຊວງສຶກສາທິການ ແລະ ກິລາ");
    Add(2, 10, "ขอเชิญประชุมคณะกรรมการระบบสารบรรณอิเล็กทรอนิกส์ ปี ๒๕๖๗", "สำนักงานจังหวัดพังงา");
    Add(3, 20, "Invitation to the regional workshops on school libraries 2024", "UNESCO Bangkok");
    Add(4, 20, "ໜັງສືລັບ ກ່ຽວກັບງົບປະມານ", "ກະຊວງການເງິນ", Secrecy::kSecret);
    Add(5, 10, "รายงานผลการดำเนินงาน เลขที่ ๑๒๓/๒๕๖๖", "อำเภอเมือง");
    ASSERT_TRUE(index_->Commit(7).ok());
  }

  void Add(uint64_t id, uint64_t unit, const std::string& subject, const std::string& from,
           Secrecy secrecy = Secrecy::kNormal) {
    LetterDoc d;
    d.id = id;
    d.unit_id = unit;
    d.subject = subject;
    d.from = from;
    d.secrecy = secrecy;
    d.book = "receive";
    ASSERT_TRUE(index_->Put(d).ok());
  }

  // Ids found by a user who sees every unit, cleared for `clearance`.
  std::set<uint64_t> Find(const std::string& text, Secrecy clearance = Secrecy::kTopSecret) {
    SearchQuery q;
    q.text = text;
    q.whole_office = true;
    q.clearance = clearance;
    auto r = index_->Search(q);
    EXPECT_TRUE(r.ok()) << r.error().message;
    std::set<uint64_t> ids;
    if (r.ok()) {
      for (const auto& h : r->hits) ids.insert(h.letter_id);
      EXPECT_EQ(r->total, ids.size());
    }
    return ids;
  }

  saraban::testing::TempDir dir_;
  std::unique_ptr<Index> index_;
};

using Ids = std::set<uint64_t>;

TEST_F(IndexTest, FindsThaiWordsInsideARun) {
  EXPECT_EQ(Find("สารบรรณ"), Ids{2});
  EXPECT_EQ(Find("อิเล็กทรอนิกส์"), Ids{2});  // the long word Xapian alone would drop
  EXPECT_EQ(Find("ประชุม"), Ids{2});
}

TEST_F(IndexTest, FindsLaoWordsWithToneMarks) {
  EXPECT_EQ(Find("ກອງປະຊຸມ"), Ids{1});
  EXPECT_EQ(Find("ແຈ້ງການ"), Ids{1});
  EXPECT_EQ(Find("ກ່ຽວກັບ"), Ids({1, 4}));
}

TEST_F(IndexTest, FindsAWordInsideALongLaoCompound) {
  EXPECT_EQ(Find("ສຶກສາ"), Ids{1});  // inside ກະຊວງສຶກສາທິການ, kept whole by ICU
}

TEST_F(IndexTest, ThaiDigitsAndBuddhistEraYears) {
  // 2567 BE is 2024 CE: letter 2 says ๒๕๖๗, letter 3 says 2024; either finds both.
  EXPECT_EQ(Find("2567"), Ids({2, 3}));
  EXPECT_EQ(Find("2024"), Ids({2, 3}));
  EXPECT_EQ(Find("2566"), Ids{5});  // ๑๒๓/๒๕๖๖
  EXPECT_EQ(Find("2567"), Find("๒๕๖๗"));
  EXPECT_EQ(Find("123"), Ids{5});
}

TEST_F(IndexTest, EnglishIsStemmedAndFieldsArePrefixed) {
  EXPECT_EQ(Find("workshop"), Ids{3});
  EXPECT_EQ(Find("from:unesco"), Ids{3});
  EXPECT_EQ(Find("subject:unesco"), Ids{});
  EXPECT_EQ(Find("workshop OR สารบรรณ"), Ids({2, 3}));
  EXPECT_EQ(Find("ประชุม NOT สารบรรณ"), Ids{});
  // Words inside compounds count under operators too.
  EXPECT_EQ(Find("ກອງປະຊຸມ NOT ສຶກສາ"), Ids{});
  EXPECT_EQ(Find("ກອງປະຊຸມ AND ສຶກສາ"), Ids{1});
  EXPECT_EQ(Find("ສຶກສາ OR workshop"), Ids({1, 3}));
  EXPECT_EQ(Find("\"school libraries\""), Ids{3});
  EXPECT_EQ(Find("\"libraries school\""), Ids{});
}

TEST_F(IndexTest, AccessIsPartOfTheQuery) {
  EXPECT_EQ(Find("ກ່ຽວກັບ", Secrecy::kNormal), Ids{1});  // the secret letter 4 is not counted
  SearchQuery q;
  q.text = "";
  q.units = {10};
  auto r = index_->Search(q);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total, 3u);  // letters 1, 2, 5 of unit 10
  q.units = {};
  EXPECT_EQ(index_->Search(q)->total, 0u);  // no units: nothing, not everything
}

TEST_F(IndexTest, SnippetsHighlightAndEscape) {
  Add(6, 10, "<script>alert(1)</script> ประชุม", "x");
  ASSERT_TRUE(index_->Commit(8).ok());
  SearchQuery q;
  q.text = "alert";
  q.whole_office = true;
  auto r = index_->Search(q);
  ASSERT_EQ(r->hits.size(), 1u);
  EXPECT_EQ(r->hits[0].snippet.find("<script>"), std::string::npos) << r->hits[0].snippet;
  EXPECT_NE(r->hits[0].snippet.find("<mark>"), std::string::npos) << r->hits[0].snippet;
}

// Searches while the writer commits as fast as it can: a reader whose
// revision is discarded meanwhile must search again, not fail (the 250-user
// soak got "DatabaseModifiedError" 500s before).
TEST_F(IndexTest, SearchesNeverFailWhileTheWriterCommits) {
  for (uint64_t id = 100; id < 1100; ++id) Add(id, 10, "ກອງປະຊຸມ ประชุม " + std::to_string(id), "x");
  ASSERT_TRUE(index_->Commit(8).ok());
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (uint64_t seq = 9; !stop.load(); ++seq) {
      Add(2000 + seq, 10, "ประชุม ໃໝ່ " + std::to_string(seq), "y");
      ASSERT_TRUE(index_->Commit(seq).ok());
    }
  });
  int failures = 0;
  for (int i = 0; i < 300; ++i) {
    SearchQuery q;
    q.text = i % 2 ? "ประชุม" : "ກອງປະຊຸມ";
    q.whole_office = true;
    q.limit = 50;
    auto r = index_->Search(q);
    if (!r.ok()) {
      ++failures;
      ADD_FAILURE() << r.error().message;
    }
  }
  stop = true;
  writer.join();
  EXPECT_EQ(failures, 0);
}

TEST_F(IndexTest, RecordsTheAppliedChangeAndSurvivesReopen) {
  EXPECT_EQ(index_->applied_seq(), 7u);
  ASSERT_TRUE(index_->Remove(3).ok());
  ASSERT_TRUE(index_->Commit(9).ok());
  index_.reset();
  auto again = Index::Open(dir_.Sub("index"));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->applied_seq(), 9u);
  EXPECT_EQ((*again)->doc_count(), 4u);
}

}  // namespace
}  // namespace saraban::indexer
