// Attachments: upload (raw body or browser form, streamed to the blob store),
// status, extracted text, original bytes, searchable PDF, delete, replace.
#include <sys/stat.h>

#include "api/handlers.h"
#include "api/views.h"
#include "http/multipart.h"
#include "services/attachments.h"
#include "services/ocr_pool.h"
#include "services/subprocess.h"

namespace saraban::api {
namespace {

// Where the upload's bytes come from: a browser form or the raw body.
struct UploadSource {
  std::optional<http::MultipartFileReader> form;
  services::Upload upload;
};

Result<UploadSource> OpenUpload(Call& call) {
  UploadSource src;
  src.upload.max_bytes = call.services.max_upload;
  http::HttpRequest& req = call.request;
  if (req.content_length > static_cast<int64_t>(src.upload.max_bytes)) {
    return MakeError(Errc::kTooLarge,
                     "the file is larger than the limit of " +
                         std::to_string(src.upload.max_bytes >> 20) + " MB",
                     "scan at a lower resolution or split the document");
  }
  if (req.Header("content-type").rfind("multipart/form-data", 0) == 0) {
    auto form = http::MultipartFileReader::Open(req);
    if (!form) return form.error();
    src.form.emplace(std::move(*form));
    auto name = src.form->NextFile();
    if (!name) return name.error();
    src.upload.filename = *name;
    return src;
  }
  src.upload.filename = req.Query("filename").value_or("");
  return src;
}

Result<services::Upload> UploadOf(Call& call, UploadSource& src) {
  services::Upload up = src.upload;
  if (src.form) {
    up.read = [&src](char* buf, size_t n) { return src.form->Read(buf, n); };
  } else {
    http::HttpRequest* req = &call.request;
    up.read = [req](char* buf, size_t n) -> Result<size_t> {
      const int64_t got = req->read_body ? req->read_body(buf, n) : 0;
      if (got < 0) return MakeError(Errc::kIo, "the connection failed during the upload");
      return static_cast<size_t>(got);
    };
  }
  return up;
}

http::HttpResponse Store(Call& call, uint64_t letter_id, uint64_t replaces) {
  auto src = OpenUpload(call);
  if (!src) return ErrorResponse(src.error());
  auto upload = UploadOf(call, *src);
  if (!upload) return ErrorResponse(upload.error());
  auto a = services::AddAttachment(call.services.store, call.services.blobs, ActorOf(call),
                                   letter_id, *upload, replaces);
  if (!a) return ErrorResponse(a.error());
  if (call.services.ocr_pool) call.services.ocr_pool->Wake();
  return JsonResponse(201, AttachmentView(*a));
}

Result<store::Attachment> Visible(Call& call) {
  auto id = call.Id();
  if (!id) return id.error();
  return call.services.store.Read([&](const store::ReadTxn& txn) -> Result<store::Attachment> {
    auto scope = services::ScopeOf(txn, call.principal->user);
    if (!scope) return scope.error();
    return services::VisibleAttachment(txn, *scope, *id);
  });
}

// RFC 5987 encoding for a UTF-8 file name in Content-Disposition.
std::string DispositionName(const std::string& name) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : name) {
    if (std::isalnum(c) || std::strchr("-._~", c)) {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return "attachment; filename*=UTF-8''" + out;
}

std::string MimeOfKind(const std::string& kind) {
  static const std::map<std::string, std::string> kMime = {
      {"png", "image/png"},
      {"jpeg", "image/jpeg"},
      {"tiff", "image/tiff"},
      {"pdf", "application/pdf"},
      {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
      {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      {"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
      {"odt", "application/vnd.oasis.opendocument.text"},
      {"text", "text/plain; charset=utf-8"}};
  auto it = kMime.find(kind);
  return it == kMime.end() ? "application/octet-stream" : it->second;
}

}  // namespace

json AttachmentView(const store::Attachment& a) {
  return {{"id", a.id},
          {"letter_id", a.letter_id},
          {"filename", a.filename},
          {"size", a.size},
          {"sha256", a.sha256},
          {"kind", a.kind},
          {"text_status", services::TextStatusName(a.text_status)},
          {"pages", a.pages},
          {"pages_done", a.pages_done},
          {"method", a.method.empty() ? json(nullptr) : json(a.method)},
          {"error", a.error.empty() ? json(nullptr) : json(a.error)},
          {"deleted", a.deleted},
          {"replaced_by", a.replaced_by == 0 ? json(nullptr) : json(a.replaced_by)}};
}

http::HttpResponse AddAttachment(Call& call) {
  auto id = call.Id();
  if (!id) return ErrorResponse(id.error());
  return Store(call, *id, 0);
}

http::HttpResponse ReplaceAttachment(Call& call) {
  auto old = Visible(call);
  if (!old) return ErrorResponse(old.error());
  return Store(call, old->letter_id, old->id);
}

http::HttpResponse ListAttachments(Call& call) {
  auto id = call.Id();
  if (!id) return ErrorResponse(id.error());
  auto list = call.services.store.Read([&](const store::ReadTxn& txn) -> Result<json> {
    auto scope = services::ScopeOf(txn, call.principal->user);
    if (!scope) return scope.error();
    auto letter = services::VisibleLetter(txn, *scope, *id);
    if (!letter) return letter.error();
    auto all = txn.AttachmentsOfLetter(*id);
    if (!all) return all.error();
    json out = json::array();
    for (const auto& a : *all) out.push_back(AttachmentView(a));
    return out;
  });
  if (!list) return ErrorResponse(list.error());
  return JsonResponse(200, {{"attachments", *list}});
}

http::HttpResponse GetAttachment(Call& call) {
  auto a = Visible(call);
  if (!a) return ErrorResponse(a.error());
  return JsonResponse(200, AttachmentView(*a));
}

http::HttpResponse AttachmentText(Call& call) {
  auto a = Visible(call);
  if (!a) return ErrorResponse(a.error());
  if (a->text_status != store::TextStatus::kDone) {
    return ErrorResponse(MakeError(
        Errc::kConflict,
        "the text is not ready: " + std::string(services::TextStatusName(a->text_status)),
        a->error.empty() ? "try again when text_status is done" : a->error));
  }
  auto text = call.services.store.Read(
      [&](const store::ReadTxn& txn) { return txn.GetAttachmentText(a->id); });
  if (!text) return ErrorResponse(text.error());
  http::HttpResponse r;
  r.content_type = "text/plain; charset=utf-8";
  r.body = text->value_or("");
  return r;
}

http::HttpResponse AttachmentContent(Call& call) {
  auto a = Visible(call);
  if (!a) return ErrorResponse(a.error());
  http::HttpResponse r;
  r.content_type = MimeOfKind(a->kind);
  r.body_file = call.services.blobs.PathOf(a->sha256);
  r.headers.emplace_back("Content-Disposition", DispositionName(a->filename));
  return r;
}

http::HttpResponse SearchablePdf(Call& call) {
  auto a = Visible(call);
  if (!a) return ErrorResponse(a.error());
  if (a->kind != "png" && a->kind != "jpeg" && a->kind != "tiff" && a->kind != "pdf") {
    return ErrorResponse(MakeError(Errc::kUnsupported, "only scans have a searchable PDF"));
  }
  auto settings = Settings(call);
  if (!settings) return ErrorResponse(settings.error());
  const std::string dir = call.services.derived_dir;
  ::mkdir(dir.c_str(), 0700);
  std::string langs = settings->ocr_languages;
  const std::string out = dir + "/" + a->sha256 + "." + langs + ".pdf";
  struct stat st {};
  if (::stat(out.c_str(), &st) != 0) {
    // Tesseract parses the scan: in a child process, like every extraction.
    const std::string tmp = out + ".tmp";
    auto child = services::Child::Start(
        {"make-pdf", call.services.blobs.PathOf(a->sha256), tmp, "--lang", langs}, {});
    if (!child) return ErrorResponse(child.error());
    std::optional<std::string> verdict;
    for (int waited = 0; waited < 600 * 2; ++waited) {
      auto line = child->ReadLine(500);
      if (!line) break;  // exited
      if (*line) verdict = **line;
    }
    const std::string how = child->KillAndDescribe();
    if (verdict != "ok" || ::rename(tmp.c_str(), out.c_str()) != 0) {
      ::unlink(tmp.c_str());
      return ErrorResponse(MakeError(Errc::kUnsupported,
                                     "could not make a searchable PDF of this file (" + how + ")",
                                     verdict.value_or("")));
    }
  }
  http::HttpResponse r;
  r.content_type = "application/pdf";
  r.body_file = out;
  r.headers.emplace_back("Content-Disposition", DispositionName(a->filename + ".pdf"));
  return r;
}

http::HttpResponse DeleteAttachment(Call& call) {
  auto id = call.Id();
  if (!id) return ErrorResponse(id.error());
  if (Status s = services::DeleteAttachment(call.services.store, ActorOf(call), *id); !s) {
    return ErrorResponse(s.error());
  }
  return NoContent();
}

}  // namespace saraban::api
