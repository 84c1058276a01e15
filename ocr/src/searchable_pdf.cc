// Extractor::MakeSearchablePdf: the page images of a scan with Tesseract's
// invisible text layer, so that a PDF viewer can find and select words.
// Tesseract's TessPDFRenderer writes "<base>.pdf" itself; we give it a
// temporary base next to out_path and rename the finished file into place,
// so out_path never holds half a PDF and any name (with or without ".pdf")
// works.
#include <tesseract/renderer.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "extractor_impl.h"

namespace saraban::ocr {
namespace {

std::string BaseName(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

Status Extractor::MakeSearchablePdf(const std::string& path, const std::string& out_path) {
  auto done = Guarded<bool>(path, [&]() -> Result<bool> {
    if (Status s = impl_->CheckOptions(); !s.ok()) return s.error();
    auto kind = DetectKind(path);
    if (!kind.ok()) return kind.error();
    if (*kind != FileKind::kPng && *kind != FileKind::kJpeg && *kind != FileKind::kTiff &&
        *kind != FileKind::kPdf) {
      return MakeError(Errc::kUnsupported,
                       path + ": a searchable PDF is made from a scan (image or PDF), not from " +
                           std::string(KindName(*kind)));
    }
    auto source = impl_->OpenScan(path, *kind);
    if (!source.ok()) return source.error();
    // The renderer needs the engine's data path (pdf.ttf lives beside the models).
    if (Status s = impl_->engine.Init(); !s.ok()) return s.error();

    const std::string base = out_path + ".partial-" + std::to_string(getpid());
    const std::string written = base + ".pdf";
    auto renderer = std::make_unique<tesseract::TessPDFRenderer>(
        base.c_str(), impl_->engine.DataPath().c_str(), /*textonly=*/false);
    // From here on, any failure removes the partial file.
    auto fail = [&](Error error) -> Result<bool> {
      renderer.reset();
      std::remove(written.c_str());
      return error;
    };
    if (!renderer->happy() || !renderer->BeginDocument(BaseName(path).c_str())) {
      return fail(MakeError(Errc::kIo, written + ": cannot write the PDF"));
    }
    const int total = (*source)->PageCount();
    for (int i = 0; i < total; ++i) {
      auto text = impl_->ReadPage((*source)->Page(i), renderer.get());
      if (!text.ok()) return fail(text.error());
    }
    if (!renderer->EndDocument() || !renderer->happy()) {
      return fail(MakeError(Errc::kIo, written + ": cannot finish the PDF (disk full?)"));
    }
    renderer.reset();  // closes the file
    if (std::rename(written.c_str(), out_path.c_str()) != 0) {
      const int err = errno;
      std::remove(written.c_str());
      return MakeError(Errc::kIo, out_path + ": " + std::strerror(err));
    }
    return true;
  });
  if (!done.ok()) return done.error();
  return Status::Ok();
}

}  // namespace saraban::ocr
