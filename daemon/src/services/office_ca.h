// The office's certificate authority travels with the office. Office PCs
// trust one CA (docs/https.md); if a box dies and is restored from a
// backup, the new box must serve under the same CA or every PC would have
// to be set up again. So the CA's certificate and key are kept in the store
// too (which every backup holds, encrypted), and written back to DATA/tls
// when a restored data directory has none.
//
// Thread-safety: functions only; call before serving starts.
// Errors: the store's, kIo for the files.
#ifndef SARABAN_DAEMON_SERVICES_OFFICE_CA_H_
#define SARABAN_DAEMON_SERVICES_OFFICE_CA_H_

#include <string>

#include "core/error.h"
#include "store/store.h"

namespace saraban::services {

// Writes the CA kept in the store to `tls_dir` when the directory holds no
// CA yet (a restored office). Does nothing when the store keeps none.
Status WriteOfficeCaFiles(const store::Store& store, const std::string& tls_dir);
// Keeps the CA of `tls_dir` in the store, if it is not there already.
Status KeepOfficeCaInStore(store::Store& store, const std::string& tls_dir);

}  // namespace saraban::services

#endif  // SARABAN_DAEMON_SERVICES_OFFICE_CA_H_
