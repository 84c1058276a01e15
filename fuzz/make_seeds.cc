// Writes the seed corpus of every fuzz target into DIR/<target>/ (usage:
// fuzz_make_seeds fuzz/corpus). Every seed is made here from our own code and
// libraries: office files zipped with libarchive, PDFs written by the ocr
// tests' helpers, a real backup made by the backup library with the fuzz
// target's fixed keys, JSON bodies for the main routes picked from the route
// table, and Lao/Thai strings. Re-running it rewrites the same files (the
// backup seeds differ in their random stream ids, nothing else).
#include <fcntl.h>

#include <clocale>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "api/call.h"
#include "backup/backup.h"
#include "container.h"
#include "core/crypto.h"
#include "crypto_ops.h"
#include "file_util.h"
#include "test_util.h"

namespace {

namespace fs = std::filesystem;
using saraban::ocr::testing::ZipEntry;

std::string g_root;

void Put(const std::string& target, const std::string& name, const std::string& bytes) {
  fs::create_directories(g_root + "/" + target);
  std::ofstream(g_root + "/" + target + "/" + name, std::ios::binary) << bytes;
}

std::string Mode(uint8_t m) { return std::string(1, static_cast<char>(m)); }

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void HttpSeeds() {
  const std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nຂໍ້ຄວາມ\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"C:\\\\fakepath\\\\"
      "ໜັງສື.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 หนังสือราชการ\r\n--XyZ--\r\n";
  Put("http", "multipart",
      Mode(3) + "multipart/form-data; boundary=XyZ\n" +
          "q=%E0%BA%81%E0%BA%B2&limit=20&unit_id=2\n" + body);
  Put("http", "multipart_quoted",
      Mode(0) + "Multipart/Form-Data; charset=utf-8; boundary=\"a b\"\n" +
          "saraban_session=0123; other=1\n" +
          "--a b\r\nContent-Disposition: form-data; filename=\"../../etc/passwd\"\r\n\r\nx\r\n"
          "--a b--\r\n");
  Put("http", "path", Mode(1) + "text/plain\n/api/v1/letters/..%2f..%2fetc%2fpasswd\n");
}

// Route byte, id byte, content-type byte, query line, body.
void ApiSeed(const std::string& name, std::string_view method, std::string_view pattern, uint8_t id,
             uint8_t type, const std::string& query, const std::string& body) {
  const auto routes = saraban::api::Routes();
  for (size_t i = 0; i < routes.size(); ++i) {
    if (routes[i].method == method && routes[i].pattern == pattern) {
      Put("api_json", name,
          Mode(static_cast<uint8_t>(i)) + Mode(id) + Mode(type) + query + "\n" + body);
      return;
    }
  }
  std::fprintf(stderr, "make_seeds: no route %s %s\n", std::string(method).c_str(),
               std::string(pattern).c_str());
  std::exit(1);
}

void ApiSeeds() {
  ApiSeed("login", "POST", "/api/v1/session", 0, 0, "",
          R"({"username":"admin","password":"fuzz admin password 1"})");
  ApiSeed("unit", "POST", "/api/v1/units", 0, 0, "",
          R"({"parent_id":1,"code":"B","name_lo":"ພະແນກ ຂ","name_th":"ฝ่าย ข","name_en":"B",)"
          R"("keeps_books":true})");
  ApiSeed("unit_patch", "PATCH", "/api/v1/units/{id}", 2, 0, "",
          R"({"parent_id":1,"name_en":"A2"})");
  ApiSeed("user", "POST", "/api/v1/users", 0, 0, "",
          R"({"username":"boss","display_name":"ທ່ານ ຫົວໜ້າ","roles":["executive","staff"],)"
          R"("unit_ids":[1,2],"clearance":"top_secret","password":"correct horse battery"})");
  ApiSeed("user_patch", "PATCH", "/api/v1/users/{id}", 2, 0, "",
          R"({"roles":["staff"],"clearance":"secret","active":true,"language":"th"})");
  ApiSeed("letter", "POST", "/api/v1/letters", 0, 0, "",
          R"({"unit_id":1,"book":"receive","subject":"ແຈ້ງການ ກອງປະຊຸມ ປີ ໒໕໖໗",)"
          R"("from":"ກະຊວງສຶກສາທິການ","to":"ພະແນກ ກ","document_no":"ສສ 12/2567",)"
          R"("document_date":"2024-02-29","urgency":"urgent","secrecy":"confidential",)"
          R"("direction":"incoming","due_days":7,"remarks":"ด่วนที่สุด"})");
  ApiSeed("draft", "POST", "/api/v1/letters", 0, 0, "",
          R"({"unit_id":1,"book":"send_normal","subject":"ร่าง","draft":true})");
  ApiSeed("letter_patch", "PATCH", "/api/v1/letters/{id}", 1, 0, "",
          R"({"subject":"ແກ້ໄຂ","remarks":"","urgency":"most_urgent"})");
  ApiSeed("send", "POST", "/api/v1/letters/{id}/send", 1, 0, "",
          R"({"to_units":[2],"note":"ສົ່ງຕໍ່","circular":false})");
  ApiSeed("return", "POST", "/api/v1/letters/{id}/return", 1, 0, "", R"({"note":"ผิดหน่วย"})");
  ApiSeed("forward", "POST", "/api/v1/letters/{id}/forward", 1, 0, "",
          R"({"to_users":[2],"to_units":[2],"instruction":"ດຳເນີນການ","due_date":"2030-01-31"})");
  ApiSeed("cancel", "POST", "/api/v1/letters/{id}/cancel", 1, 0, "", R"({"reason":"ซ้ำ"})");
  ApiSeed("settings", "PATCH", "/api/v1/settings", 0, 0, "",
          R"({"era":"BE","session_idle_minutes":30,"ocr_languages":"lao+tha+eng"})");
  ApiSeed("book", "POST", "/api/v1/books", 0, 0, "",
          R"({"code":"contracts","name_lo":"ສັນຍາ","name_th":"สัญญา","name_en":"Contracts",)"
          R"("number_format":"{unit}/{no}/{year}"})");
  ApiSeed("list", "GET", "/api/v1/letters", 0, 0,
          "unit_id=1&book=receive&status=registered&secrecy=normal&year=2024&limit=5&offset=0", "");
  ApiSeed("search", "GET", "/api/v1/search", 0, 0,
          "q=%E0%BA%81%E0%BA%AD%E0%BA%87%E0%BA%9B%E0%BA%B0%E0%BA%8A%E0%BA%B8%E0%BA%A1+AND+"
          "subject%3A%22x%22&sort=register_no&limit=3",
          "");
  ApiSeed("attach_raw", "POST", "/api/v1/letters/{id}/attachments", 1, 1,
          "filename=%E0%BA%AB%E0%BA%99%E0%BA%B1%E0%BA%87.txt", "ໜັງສືແຈ້ງການ\n");
  ApiSeed("attach_form", "POST", "/api/v1/letters/{id}/attachments", 1, 2, "",
          "--fuzzb\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\n"
          "hello\r\n--fuzzb--\r\n");
  ApiSeed("notifications_read", "POST", "/api/v1/notifications/read", 0, 0, "",
          R"({"ids":[1,2,3]})");
  ApiSeed("report", "GET", "/api/v1/registers/daily", 0, 0,
          "unit_id=1&book=receive&date=2024-02-29&format=csv", "");
}

void OfficeSeeds() {
  const std::string docx_xml =
      R"(<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.)"
      R"(openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>ໜັງສື</w:t>)"
      R"(</w:r><w:r><w:t xml:space="preserve"> ແຈ້ງ</w:t></w:r></w:p><w:p><w:r><w:tab/>)"
      R"(<w:t>หนังสือราชการ</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>A1</w:t></w:r>)"
      R"(</w:p></w:tc></w:tr></w:tbl></w:body></w:document>)";
  const std::string odt_xml =
      R"(<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office=")"
      R"(urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:)"
      R"(opendocument:xmlns:text:1.0"><office:body><office:text><text:p>ກອງ<text:span>ປະຊຸມ)"
      R"(</text:span><text:s/><text:tab/>ปี ๒๕๖๗</text:p></office:text></office:body>)"
      R"(</office:document-content>)";
  const std::string xlsx_strings =
      R"(<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/)"
      R"(spreadsheetml/2006/main"><si><t>ງົບປະມານ</t></si><si><r><t>งบ</t></r></si></sst>)";
  const std::string xlsx_sheet =
      R"(<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.)"
      R"(org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c>)"
      R"(<c r="B1"><v>2567</v></c><c r="C1" t="inlineStr"><is><t>ສົດ</t></is></c></row>)"
      R"(</sheetData></worksheet>)";
  const std::string pptx_slide =
      R"(<?xml version="1.0" encoding="UTF-8"?><p:sld xmlns:p="http://schemas.openxmlformats.)"
      R"(org/presentationml/2006/main" xmlns:a="http://schemas.openxmlformats.org/drawingml/)"
      R"(2006/main"><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>ສະໄລ</a:t></a:r></a:p>)"
      R"(</p:txBody></p:sp></p:spTree></p:cSld></p:sld>)";
  const std::string types = R"(<?xml version="1.0"?><Types/>)";
  const std::string tmp = g_root + "/.tmp.zip";
  auto zip = [&](const std::string& name, uint8_t mode, const std::vector<ZipEntry>& entries) {
    saraban::ocr::testing::WriteZip(tmp, entries);
    Put("office_text", name, Mode(mode) + ReadAll(tmp));
    fs::remove(tmp);
  };
  zip("docx", 0,
      {{"[Content_Types].xml", types},
       {"word/document.xml", docx_xml},
       {"word/header1.xml", docx_xml}});
  zip("docx_stored", 0,
      {{"[Content_Types].xml", types, true}, {"word/document.xml", docx_xml, true}});
  zip("xlsx", 1,
      {{"[Content_Types].xml", types},
       {"xl/sharedStrings.xml", xlsx_strings},
       {"xl/worksheets/sheet1.xml", xlsx_sheet}});
  zip("pptx", 2, {{"[Content_Types].xml", types}, {"ppt/slides/slide1.xml", pptx_slide}});
  zip("odt", 3,
      {{"mimetype", "application/vnd.oasis.opendocument.text", true}, {"content.xml", odt_xml}});
  Put("office_text", "xml_docx", Mode(0x80) + docx_xml);
  Put("office_text", "xml_xlsx", Mode(0x81) + xlsx_sheet);
  Put("office_text", "xml_pptx", Mode(0x82) + pptx_slide);
  Put("office_text", "xml_odt", Mode(0x83) + odt_xml);
}

void PdfSeeds() {
  using saraban::ocr::testing::HelveticaPdf;
  using saraban::ocr::testing::UnicodeTextPdf;
  Put("pdf_text", "thai_lao", Mode(1) + UnicodeTextPdf({"ໜັງສືແຈ້ງການ ກອງປະຊຸມ", "หนังสือราชการ ที่ ๑๒"}));
  Put("pdf_text", "helvetica", Mode(0) + HelveticaPdf({"Official letter 12/2024", "Budget"}));
  // A legacy Thai font's private-use glyphs: the extractor must send it to OCR.
  Put("pdf_text", "legacy_thai",
      Mode(0) + UnicodeTextPdf({"\xef\x9c\x80\xe0\xb8\x81\xe0\xb8\xb4"}));
}

// The same fixed keys as backup_reader_fuzz.cc.
void BackupSeeds() {
  using namespace saraban::backup;
  OfficeKeys keys;
  keys.kdf_salt = std::string(kSaltLen, '\x17');
  keys.kdf_memory_kib = 8;
  keys.kdf_iterations = 1;
  keys.passphrase_key = *Argon2idKey("fuzzing passphrase ສາລະບັນ", keys.kdf_salt, 8, 1, 1);
  const std::string work = g_root + "/.backup";
  fs::create_directories(work + "/target");
  const std::string snapshot = "not really an LMDB file: the backup does not look inside";
  const std::string blob = "ໜັງສືແຈ້ງການ blob";
  std::ofstream(work + "/snapshot", std::ios::binary) << snapshot;
  std::ofstream(work + "/blob", std::ios::binary) << blob;
  Source source{.snapshot_path = work + "/snapshot",
                .blobs = {{saraban::Sha256Hex(blob), work + "/blob", blob.size()}},
                .summary = {{"letters", 1}}};
  auto made = Create(source, {.target_dir = work + "/target", .keys = keys});
  if (!made) {
    std::fprintf(stderr, "make_seeds: %s\n", made.error().message.c_str());
    std::exit(1);
  }
  const std::string file = ReadAll(made->archive_path);
  Put("backup_reader", "container", Mode(0) + file);
  // Decrypt its stream for the plaintext seeds.
  UniqueFd fd(::open(made->archive_path.c_str(), O_RDONLY));
  auto header = ReadHeader(fd.get(), "seed");
  Unlocker unlocker = Unlocker::WithPassphraseKey(keys.passphrase_key);
  auto key = unlocker.FileKey(*header, "seed");
  ChunkReader chunks(fd.get(), *header, *key, "seed");
  std::string plain;
  for (;;) {
    auto next = chunks.Next();
    if (!next || next->empty()) break;
    plain += *next;
  }
  Put("backup_reader", "plain_verify", Mode(1) + plain);
  Put("backup_reader", "plain_restore", Mode(3) + plain);
  fs::remove_all(work);
}

void TextSeeds() {
  Put("text", "lao", Mode(1) + "ກະຊວງສຶກສາທິການ ແລະ ກິລາ ແຈ້ງການ ເລກທີ ໑໒/໒໕໖໗");
  Put("text", "thai",
      Mode(3) + "ระบบสารบรรณอิเล็กทรอนิกส์ ปี2567 ๒๕๖๗ \"หนังสือ ราชการ\" OR subject:ประชุม");
  // Decomposed AM with a tone mark between, and a space before a mark (PDF text).
  Put("text", "decomposed",
      Mode(0) +
          "\xe0\xb8\x99\xe0\xb9\x8d\xe0\xb9\x88\xe0\xb8\xb2 "
          "\xe0\xba\x99\xe0\xbb\x8d\xe0\xba\xb2 \xe0\xb8\x81 \xe0\xb8\xb4\xe0\xb8\x99");
  Put("text", "query", Mode(2) + "NOT ສຶກສາ AND (from:\"ພະແນກ ກ\" OR number:12) budget* 2024");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: fuzz_make_seeds fuzz/corpus\n");
    return 2;
  }
  std::setlocale(LC_CTYPE, "C.UTF-8");
  g_root = argv[1];
  HttpSeeds();
  ApiSeeds();
  OfficeSeeds();
  PdfSeeds();
  BackupSeeds();
  TextSeeds();
  std::printf("seeds written to %s\n", g_root.c_str());
  return 0;
}
