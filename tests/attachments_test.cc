// Attachments through the real daemon and real OCR workers: upload (raw and
// browser form), type by content, limits, extraction to searchable text,
// hostile files, crash isolation, restart, access, delete and replace.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "office_fixture.h"

namespace saraban::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

const std::string kSamples = SARABAN_SAMPLES;

// Reads a file; a missing sample is a test failure that names it (the
// samples live in ../shared beside the repository, as on CI).
std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

size_t BlobFiles(const std::string& data_dir) {
  size_t n = 0;
  if (!fs::exists(data_dir + "/blobs")) return 0;
  for (const auto& e : fs::recursive_directory_iterator(data_dir + "/blobs")) {
    n += e.is_regular_file();
  }
  return n;
}

class AttachmentsTest : public OfficeTest {
 protected:
  // A second daemon with its own flags and a central registrar "r" logged
  // in; the fixture's daemon is stopped meanwhile (two OCR pools would
  // compete for the two cores).
  struct Office {
    std::unique_ptr<TestDaemon> daemon;
    std::unique_ptr<HttpClient> reg;
  };
  Office StartOffice(std::vector<std::string> serve_args) {
    daemon_->Stop();
    Office o;
    o.daemon = std::make_unique<TestDaemon>(DaemonOptions{.serve_args = std::move(serve_args)});
    HttpClient admin(o.daemon->base_url());
    EXPECT_EQ(admin.Login("admin", o.daemon->options().admin_password).status, 200);
    EXPECT_EQ(admin.Post("/api/v1/users", {{"username", "r"},
                                           {"roles", {"central_registrar"}},
                                           {"unit_ids", {1}},
                                           {"password", kPassword}})
                  .status,
              201);
    o.reg = std::make_unique<HttpClient>(o.daemon->base_url());
    EXPECT_EQ(o.reg->Login("r", kPassword).status, 200);
    return o;
  }

  HttpResult Upload(HttpClient& c, int letter, const std::string& filename,
                    const std::string& bytes) {
    return c.Request("POST",
                     "/api/v1/letters/" + std::to_string(letter) +
                         "/attachments?filename=" + UrlEncode(filename),
                     bytes, {"Content-Type: application/octet-stream"});
  }

  // Polls until extraction ends; returns the attachment JSON.
  json WaitForText(HttpClient& c, int attachment, int seconds = 180) {
    json a;
    for (int i = 0; i < seconds * 4; ++i) {
      a = c.Get("/api/v1/attachments/" + std::to_string(attachment)).json();
      if (a["text_status"] == "done" || a["text_status"] == "failed") return a;
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    ADD_FAILURE() << "extraction did not finish: " << a.dump();
    return a;
  }

  std::set<int> Search(HttpClient& c, const std::string& q) {
    const json j = c.Get("/api/v1/search?q=" + UrlEncode(q)).json();
    std::set<int> ids;
    for (const auto& h : j["hits"]) ids.insert(h["letter_id"].get<int>());
    return ids;
  }
};

TEST_F(AttachmentsTest, ALaoScanBecomesSearchableText) {
  auto reg = Client("reg_a");
  const int letter = Register(*reg, unit_a_, "ບົດຄວາມ e-Office")["id"];
  const std::string png = ReadFile(kSamples + "/lao_02.png");
  HttpResult up = Upload(*reg, letter, "ສະແກນ ໜ້າ 1.png", png);
  ASSERT_EQ(up.status, 201) << up.body;
  json a = up.json();
  EXPECT_EQ(a["filename"], "ສະແກນ ໜ້າ 1.png");
  EXPECT_EQ(a["size"], png.size());
  EXPECT_EQ(a["text_status"], "queued");
  EXPECT_EQ(a["kind"], "png");
  EXPECT_EQ(a["sha256"].get<std::string>().size(), 64u);
  const int id = a["id"];
  // The original bytes come back unchanged.
  HttpResult content = reg->Get("/api/v1/attachments/" + std::to_string(id) + "/content");
  EXPECT_EQ(content.status, 200);
  EXPECT_EQ(content.body, png);
  EXPECT_EQ(content.headers["content-type"], "image/png");
  json done = WaitForText(*reg, id);
  ASSERT_EQ(done["text_status"], "done") << done.dump();
  EXPECT_EQ(done["pages"], 1);
  HttpResult text = reg->Get("/api/v1/attachments/" + std::to_string(id) + "/text");
  ASSERT_EQ(text.status, 200);
  EXPECT_EQ(text.headers["content-type"], "text/plain; charset=utf-8");
  EXPECT_NE(text.body.find("ບຸກຄະລາກອນ"), std::string::npos) << text.body.substr(0, 400);
  // Found by a word that is only in the scan, not in the metadata.
  EXPECT_EQ(Search(*reg, "ບຸກຄະລາກອນ"), std::set<int>{letter});
  // The letter lists it, and its timeline records it.
  json got = reg->Get("/api/v1/letters/" + std::to_string(letter)).json();
  ASSERT_EQ(got["attachments"].size(), 1u);
  EXPECT_EQ(got["timeline"].back()["action"], "attachment_added");
}

TEST_F(AttachmentsTest, ABrowserFormUploadOfAThaiScanIsStreamedAndRead) {
  // A Thai office reads Thai first.
  ASSERT_EQ(admin_->Patch("/api/v1/settings", {{"ocr_languages", "tha+lao+eng"}}).status, 200);
  auto reg = Client("reg_a");
  const int letter = Register(*reg, unit_a_, "คู่มือระบบ")["id"];
  const std::string png = ReadFile(kSamples + "/tha_03.png");
  const std::string body = "--BOUNDARY\r\nContent-Disposition: form-data; name=\"file\"; "
                           "filename=\"หน้า 3.png\"\r\nContent-Type: image/png\r\n\r\n" +
                           png + "\r\n--BOUNDARY--\r\n";
  HttpResult up = reg->Request("POST", "/api/v1/letters/" + std::to_string(letter) + "/attachments",
                               body, {"Content-Type: multipart/form-data; boundary=BOUNDARY"});
  ASSERT_EQ(up.status, 201) << up.body;
  EXPECT_EQ(up.json()["filename"], "หน้า 3.png");
  EXPECT_EQ(up.json()["size"], png.size());
  json done = WaitForText(*reg, up.json()["id"]);
  ASSERT_EQ(done["text_status"], "done") << done.dump();
  EXPECT_EQ(Search(*reg, "สารบรรณ"), std::set<int>{letter});
}

TEST_F(AttachmentsTest, TypeIsDecidedByContentAndOthersAre415) {
  auto reg = Client("reg_a");
  const int letter = Register(*reg, unit_a_, "x")["id"];
  const size_t before = BlobFiles(daemon_->data_dir());
  HttpResult random = Upload(*reg, letter, "scan.pdf", std::string("\x01\x02garbage\xff\xfe", 12));
  EXPECT_EQ(random.status, 415) << random.body;
  EXPECT_EQ(random.error_code(), "unsupported_media_type");
  HttpResult elf = Upload(*reg, letter, "virus.png", ReadFile(SarabanBinary()).substr(0, 4096));
  EXPECT_EQ(elf.status, 415);
  EXPECT_EQ(BlobFiles(daemon_->data_dir()), before);  // nothing left behind
  // A PNG named .pdf is a PNG.
  HttpResult png = Upload(*reg, letter, "really.pdf", ReadFile(kSamples + "/eng_01.png"));
  ASSERT_EQ(png.status, 201);
  EXPECT_EQ(png.json()["kind"], "png");
  HttpResult text = Upload(*reg, letter, "note.txt", "ບັນທຶກ: ກອງປະຊຸມວັນຈັນ\n");
  ASSERT_EQ(text.status, 201);
  EXPECT_EQ(text.json()["kind"], "text");
  EXPECT_EQ(WaitForText(*reg, text.json()["id"])["text_status"], "done");
}

TEST_F(AttachmentsTest, HostileFilesFailClearlyAndTheDaemonKeepsServing) {
  auto reg = Client("reg_a");
  const int letter = Register(*reg, unit_a_, "ໄຟລ໌ເສຍ")["id"];
  const std::string pdf = ReadFile(kSamples + "/tha_01-02.pdf");
  HttpResult truncated = Upload(*reg, letter, "cut.pdf", pdf.substr(0, pdf.size() / 3));
  // Huge declared dimensions: a valid PNG header for 20000 x 20000 pixels.
  std::string huge = ReadFile(kSamples + "/eng_01.png");
  auto put32 = [&](size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) huge[at + i] = static_cast<char>((v >> (24 - 8 * i)) & 0xff);
  };
  put32(16, 20000);
  put32(20, 20000);
  HttpResult big = Upload(*reg, letter, "big.png", huge);
  for (const HttpResult* r : {&truncated, &big}) {
    if (r->status == 201) {
      json a = WaitForText(*reg, r->json()["id"]);
      EXPECT_EQ(a["text_status"], "failed") << a.dump();
      EXPECT_FALSE(a["error"].is_null());
    } else {
      EXPECT_GE(r->status, 400) << r->body;
      EXPECT_LT(r->status, 500) << r->body;
    }
  }
  EXPECT_EQ(reg->Get("/api/v1/health").status, 200);
  // The queue moved on: a good file after the bad ones is read.
  HttpResult good = Upload(*reg, letter, "ok.txt", "ຂໍ້ຄວາມທີ່ດີ\n");
  EXPECT_EQ(WaitForText(*reg, good.json()["id"])["text_status"], "done");
}

TEST_F(AttachmentsTest, UploadsOverTheLimitAre413AndLeaveNothing) {
  Office small = StartOffice({"--max-upload", "100000"});
  HttpClient& reg = *small.reg;
  const int letter = Register(reg, 1, "ໃຫຍ່")["id"];
  HttpResult r = Upload(reg, letter, "big.png", ReadFile(kSamples + "/lao_05.png"));
  EXPECT_EQ(r.status, 413) << r.body;
  EXPECT_EQ(BlobFiles(small.daemon->data_dir()), 0u);
  EXPECT_EQ(reg.Get("/api/v1/letters/" + std::to_string(letter)).json()["attachments"].size(), 0u);
}

TEST_F(AttachmentsTest, QueuedJobsSurviveARestart) {
  Office paused = StartOffice({"--ocr-workers", "0"});
  HttpClient& reg = *paused.reg;
  const int letter = Register(reg, 1, "ລໍຖ້າ")["id"];
  HttpResult up = Upload(reg, letter, "note.txt", "ກອງປະຊຸມ ສະໄໝສາມັນ\n");
  ASSERT_EQ(up.status, 201);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(reg.Get("/api/v1/attachments/" + std::to_string(up.json()["id"].get<int>()))
                .json()["text_status"],
            "queued");
  paused.daemon->Kill();
  paused.daemon->set_serve_args({"--ocr-workers", "1"});
  paused.daemon->Start();
  HttpClient again(paused.daemon->base_url());
  ASSERT_EQ(again.Login("r", kPassword).status, 200);
  EXPECT_EQ(WaitForText(again, up.json()["id"])["text_status"], "done");
}

TEST_F(AttachmentsTest, AWorkerThatDiesMarksTheFileFailed) {
  // 64 MB is too little for Tesseract: the worker dies on the scan.
  Office starved = StartOffice({"--ocr-workers", "1", "--ocr-memory-mb", "64"});
  HttpClient& reg = *starved.reg;
  const int letter = Register(reg, 1, "ລົ້ມ")["id"];
  HttpResult up = Upload(reg, letter, "scan.png", ReadFile(kSamples + "/lao_01.png"));
  ASSERT_EQ(up.status, 201);
  json a = WaitForText(reg, up.json()["id"]);
  EXPECT_EQ(a["text_status"], "failed");
  EXPECT_FALSE(a["error"].is_null());
  EXPECT_EQ(reg.Get("/api/v1/health").status, 200);
}

TEST_F(AttachmentsTest, OtherUnitsCannotSeeOrTouchAttachments) {
  auto reg_a = Client("reg_a");
  auto reg_b = Client("reg_b");
  const int letter = Register(*reg_a, unit_a_, "ພາຍໃນ")["id"];
  HttpResult up = Upload(*reg_a, letter, "a.txt", "ລັບສະເພາະ\n");
  ASSERT_EQ(up.status, 201);
  const std::string path = "/api/v1/attachments/" + std::to_string(up.json()["id"].get<int>());
  EXPECT_EQ(reg_b->Get(path).status, 404);
  EXPECT_EQ(reg_b->Get(path + "/content").status, 404);
  EXPECT_EQ(reg_b->Get(path + "/text").status, 404);
  EXPECT_EQ(reg_b->Delete(path).status, 404);
  EXPECT_EQ(Upload(*reg_b, letter, "b.txt", "x\n").status, 404);
}

TEST_F(AttachmentsTest, DeleteAndReplaceAreRecordedAndReachSearch) {
  auto reg = Client("reg_a");
  const int letter = Register(*reg, unit_a_, "ສັນຍາ")["id"];
  HttpResult first = Upload(*reg, letter, "v1.txt", "ຮ່າງສະບັບທຳອິດ ກ່ຽວກັບງົບປະມານ\n");
  ASSERT_EQ(first.status, 201);
  WaitForText(*reg, first.json()["id"]);
  EXPECT_EQ(Search(*reg, "ງົບປະມານ"), std::set<int>{letter});
  const std::string path = "/api/v1/attachments/" + std::to_string(first.json()["id"].get<int>());
  HttpResult second = reg->Request("PUT", path + "?filename=v2.txt", "ສະບັບແກ້ໄຂ ກ່ຽວກັບບຸກຄະລາກອນ\n",
                                   {"Content-Type: text/plain"});
  ASSERT_EQ(second.status, 201) << second.body;
  WaitForText(*reg, second.json()["id"]);
  EXPECT_EQ(Search(*reg, "ບຸກຄະລາກອນ"), std::set<int>{letter});
  EXPECT_EQ(Search(*reg, "ງົບປະມານ"), std::set<int>{});  // the replaced text is gone
  EXPECT_EQ(reg->Get(path).json()["replaced_by"], second.json()["id"]);
  const std::string second_path =
      "/api/v1/attachments/" + std::to_string(second.json()["id"].get<int>());
  EXPECT_EQ(reg->Delete(second_path).status, 204);
  EXPECT_EQ(reg->Delete(second_path).status, 409);
  json got = reg->Get("/api/v1/letters/" + std::to_string(letter)).json();
  EXPECT_EQ(got["attachments"].size(), 0u);
  std::vector<std::string> actions;
  for (const auto& e : got["timeline"]) actions.push_back(e["action"]);
  EXPECT_EQ(actions, (std::vector<std::string>{"registered", "attachment_added",
                                               "attachment_replaced", "attachment_deleted"}));
}

TEST_F(AttachmentsTest, AScanDownloadsAsASearchablePdf) {
  auto reg = Client("reg_a");
  const int letter = Register(*reg, unit_a_, "letter")["id"];
  HttpResult up = Upload(*reg, letter, "scan.png", ReadFile(kSamples + "/eng_01.png"));
  ASSERT_EQ(up.status, 201);
  HttpResult pdf =
      reg->Get("/api/v1/attachments/" + std::to_string(up.json()["id"].get<int>()) +
               "/searchable.pdf");
  ASSERT_EQ(pdf.status, 200) << pdf.body.substr(0, 300);
  EXPECT_EQ(pdf.headers["content-type"], "application/pdf");
  ASSERT_EQ(pdf.body.rfind("%PDF", 0), 0u);
  // Its text layer holds the words of the page.
  TempDir dir;
  std::ofstream(dir.Sub("s.pdf"), std::ios::binary) << pdf.body;
  const std::string cmd = "pdftotext " + dir.Sub("s.pdf") + " " + dir.Sub("s.txt");
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  EXPECT_NE(ReadFile(dir.Sub("s.txt")).find("Phang Nga"), std::string::npos);
  // A text file has no scan to make searchable.
  HttpResult text = Upload(*reg, letter, "a.txt", "ข้อความ\n");
  EXPECT_EQ(reg->Get("/api/v1/attachments/" + std::to_string(text.json()["id"].get<int>()) +
                     "/searchable.pdf")
                .status,
            415);
}

TEST_F(AttachmentsTest, ExtractCommandPrintsTheTextOrFailsClearly) {
  CommandResult ok = RunSaraban({"extract", kSamples + "/eng_01.png", "--lang", "eng"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("Phang Nga"), std::string::npos) << ok.out.substr(0, 300);
  TempDir dir;
  std::ofstream(dir.Sub("junk.pdf")) << "this is not a pdf \x01\x02\x03";
  CommandResult bad = RunSaraban({"extract", dir.Sub("junk.pdf")});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("saraban:"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace saraban::testing
