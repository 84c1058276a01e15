// Electronic signatures through the real daemon: submitting a letter to an
// executive, signing with the password, verification against the letter as
// it is now (replaced attachment, edited subject), wrong passwords, who may
// sign, signing twice, returning for changes, the signing folder, and the
// signing key across password resets and changes.
#include "office_fixture.h"

namespace saraban::testing {
namespace {

using nlohmann::json;

class SigningTest : public OfficeTest {
 protected:
  void SetUp() override {
    OfficeTest::SetUp();
    boss_id_ = UserId("boss_a");
    reg_a_ = Client("reg_a");
    boss_a_ = Client("boss_a");
  }

  std::string Path(int id, const std::string& action) {
    return "/api/v1/letters/" + std::to_string(id) + "/" + action;
  }

  // An outgoing letter of unit A, registered in its send book.
  int Outgoing(const std::string& subject) {
    return Register(*reg_a_, unit_a_, subject,
                    {{"direction", "outgoing"}, {"book", "send_normal"}})["id"];
  }

  int Upload(int letter, const std::string& filename, const std::string& bytes) {
    HttpResult r =
        reg_a_->Request("POST", Path(letter, "attachments") + "?filename=" + UrlEncode(filename),
                        bytes, {"Content-Type: application/octet-stream"});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", 0);
  }

  HttpResult Submit(HttpClient& c, int letter, uint64_t signer, const std::string& note = "") {
    json body = {{"signer_id", signer}};
    if (!note.empty()) body["note"] = note;
    return c.Post(Path(letter, "submit-signature"), body);
  }

  HttpResult Sign(HttpClient& c, int letter, const std::string& password = kPassword) {
    return c.Post(Path(letter, "sign"), {{"password", password}});
  }

  json Signatures(int letter) {
    HttpResult r = reg_a_->Get(Path(letter, "signatures"));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json()["signatures"];
  }

  std::vector<std::string> Actions(int letter) {
    std::vector<std::string> out;
    const json got = reg_a_->Get("/api/v1/letters/" + std::to_string(letter)).json();
    for (const auto& e : got["timeline"]) out.push_back(e["action"]);
    return out;
  }

  uint64_t boss_id_ = 0;
  std::unique_ptr<HttpClient> reg_a_, boss_a_;
};

TEST_F(SigningTest, SignedLetterVerifiesUntilAnAttachmentIsReplaced) {
  const int id = Outgoing("ແຈ້ງການ ເລື່ອງ ກອງປະຊຸມປະຈຳປີ");
  const int attachment = Upload(id, "ຮ່າງ.txt", "ຮ່າງໜັງສື ສະບັບທີ 1\n");

  HttpResult submitted = Submit(*reg_a_, id, boss_id_, "ກະລຸນາເຊັນ");
  ASSERT_EQ(submitted.status, 201) << submitted.body;
  EXPECT_EQ(submitted.json()["request"]["status"], "waiting");
  EXPECT_EQ(submitted.json()["request"]["signer_id"], boss_id_);
  EXPECT_EQ(submitted.json()["request"]["note"], "ກະລຸນາເຊັນ");

  HttpResult signed_ = Sign(*boss_a_, id);
  ASSERT_EQ(signed_.status, 200) << signed_.body;
  const json signature = signed_.json()["signature"];
  EXPECT_EQ(signed_.json()["request"]["status"], "signed");
  EXPECT_EQ(signed_.json()["request"]["signature_id"], signature["id"]);
  EXPECT_EQ(signed_.json()["new_key"], true);
  EXPECT_EQ(signature["valid"], true);
  EXPECT_EQ(signature["public_key"].get<std::string>().size(), 64u);
  EXPECT_EQ(signature["signature"].get<std::string>().size(), 128u);

  // Anyone who sees the letter sees the signature verified.
  json sigs = Signatures(id);
  ASSERT_EQ(sigs.size(), 1u) << sigs.dump();
  EXPECT_EQ(sigs[0]["valid"], true);
  EXPECT_EQ(sigs[0]["status"], "valid");
  EXPECT_EQ(sigs[0]["message"], "valid");
  EXPECT_EQ(sigs[0]["signer_id"], boss_id_);
  EXPECT_EQ(sigs[0]["signer_name"], "boss_a");
  // The signed document names the letter's metadata and its file's digest.
  const json document = json::parse(sigs[0]["signed_document"].get<std::string>());
  EXPECT_EQ(document["letter_id"], id);
  EXPECT_EQ(document["subject"], "ແຈ້ງການ ເລື່ອງ ກອງປະຊຸມປະຈຳປີ");
  EXPECT_EQ(document["signer_id"], boss_id_);
  ASSERT_EQ(document["attachments"].size(), 1u);
  EXPECT_EQ(document["attachments"][0]["id"], attachment);
  EXPECT_EQ(document["attachments"][0]["sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(Actions(id), (std::vector<std::string>{"registered", "attachment_added",
                                                   "submitted_for_signature", "signed"}));

  // Replacing the file afterwards shows: the signature is no longer valid.
  HttpResult replaced = reg_a_->Request(
      "PUT",
      "/api/v1/attachments/" + std::to_string(attachment) + "?filename=" + UrlEncode("ຮ່າງ.txt"),
      "ຮ່າງໜັງສື ສະບັບແກ້ໄຂ\n", {"Content-Type: application/octet-stream"});
  ASSERT_EQ(replaced.status, 201) << replaced.body;
  sigs = Signatures(id);
  ASSERT_EQ(sigs.size(), 1u);
  EXPECT_EQ(sigs[0]["valid"], false);
  EXPECT_EQ(sigs[0]["status"], "document_changed");
  EXPECT_EQ(sigs[0]["message"], "document changed since signing");
  EXPECT_EQ(sigs[0]["changed_fields"], json({"attachments"}));
}

TEST_F(SigningTest, EditingTheSubjectBreaksTheSignatureAndRestoringItMends) {
  const int id = Outgoing("ຂໍອະນຸມັດງົບປະມານ");
  ASSERT_EQ(Submit(*reg_a_, id, boss_id_).status, 201);
  ASSERT_EQ(Sign(*boss_a_, id).status, 200);
  ASSERT_EQ(Signatures(id)[0]["valid"], true);

  const std::string letter = "/api/v1/letters/" + std::to_string(id);
  ASSERT_EQ(reg_a_->Patch(letter, {{"subject", "ຂໍອະນຸມັດງົບປະມານ ເພີ່ມເຕີມ"}}).status, 200);
  json sig = Signatures(id)[0];
  EXPECT_EQ(sig["valid"], false);
  EXPECT_EQ(sig["status"], "document_changed");
  EXPECT_EQ(sig["changed_fields"], json({"subject"}));

  // Verification compares content, so putting the signed text back mends it.
  ASSERT_EQ(reg_a_->Patch(letter, {{"subject", "ຂໍອະນຸມັດງົບປະມານ"}}).status, 200);
  EXPECT_EQ(Signatures(id)[0]["valid"], true);
  // Fields that are not part of the signed document do not matter.
  ASSERT_EQ(reg_a_->Patch(letter, {{"remarks", "ບັນທຶກພາຍໃນ"}}).status, 200);
  EXPECT_EQ(Signatures(id)[0]["valid"], true);
}

TEST_F(SigningTest, AWrongPasswordSignsNothing) {
  const int id = Outgoing("ຄຳສັ່ງ ແຕ່ງຕັ້ງ");
  ASSERT_EQ(Submit(*reg_a_, id, boss_id_).status, 201);
  HttpResult wrong = Sign(*boss_a_, id, "not the password");
  EXPECT_EQ(wrong.status, 401) << wrong.body;
  EXPECT_EQ(wrong.error_code(), "unauthenticated");
  EXPECT_EQ(Sign(*boss_a_, id, "").status, 401);
  EXPECT_EQ(boss_a_->Post(Path(id, "sign"), json::object()).status, 422);  // no password at all
  EXPECT_EQ(Signatures(id).size(), 0u);
  EXPECT_EQ(boss_a_->Get("/api/v1/session").status, 200);  // the session stays
  const json folder = boss_a_->Get("/api/v1/signing-folder").json();
  EXPECT_EQ(folder["total_waiting"], 1);
  EXPECT_EQ(Actions(id), (std::vector<std::string>{"registered", "submitted_for_signature"}));
  // The failed attempts are audited.
  int failed = 0;
  const json audit = admin_->Get("/api/v1/audit").json();
  for (const auto& e : audit["entries"]) {
    failed += e["action"] == "letter_sign_failed";
  }
  EXPECT_EQ(failed, 2);
  // The right password still signs.
  EXPECT_EQ(Sign(*boss_a_, id).status, 200);
  EXPECT_EQ(Signatures(id).size(), 1u);
}

TEST_F(SigningTest, RepeatedWrongSigningPasswordsLockTheAccountAndEndItsSessions) {
  const int id = Outgoing("ຄຳສັ່ງ ຍົກຍ້າຍ");
  ASSERT_EQ(Submit(*reg_a_, id, boss_id_).status, 201);
  // The default lockout threshold is 5 wrong passwords in a row.
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(Sign(*boss_a_, id, "guess " + std::to_string(i)).status, 401);
  EXPECT_EQ(boss_a_->Get("/api/v1/session").status, 200);  // not yet
  EXPECT_EQ(Sign(*boss_a_, id, "guess 4").status, 401);
  // Locked: the session is over, logging in is refused, nothing was signed.
  EXPECT_EQ(boss_a_->Get("/api/v1/session").status, 401);
  HttpClient again(daemon_->base_url());
  EXPECT_EQ(again.Login("boss_a", kPassword).status, 429);
  EXPECT_EQ(Signatures(id).size(), 0u);
  int locked = 0;
  const json audit = admin_->Get("/api/v1/audit").json();
  for (const auto& e : audit["entries"]) locked += e["action"] == "account_locked";
  EXPECT_EQ(locked, 1);
}

TEST_F(SigningTest, OnlyTheChosenExecutiveMaySign) {
  MakeUser("boss_hq", {"executive"}, 1, "top_secret");       // sees A, but is not asked
  MakeUser("boss_b", {"executive"}, unit_b_, "top_secret");  // does not see A's letters
  auto boss_hq = Client("boss_hq");
  auto boss_b = Client("boss_b");
  auto staff_a = Client("staff_a");
  const int id = Outgoing("ສັນຍາຈ້າງ");

  // Who may be asked, and who may ask.
  EXPECT_EQ(Submit(*reg_a_, id, UserId("reg_a")).status, 422);   // not an executive
  EXPECT_EQ(Submit(*reg_a_, id, UserId("boss_b")).status, 422);  // may not see the letter
  EXPECT_EQ(Submit(*reg_a_, id, 9999).status, 422);              // no such user
  EXPECT_EQ(Submit(*staff_a, id, boss_id_).status, 403);         // neither registrar nor author
  EXPECT_EQ(Submit(*boss_b, id, boss_id_).status, 404);          // does not see it
  ASSERT_EQ(Submit(*reg_a_, id, boss_id_).status, 201);

  EXPECT_EQ(Sign(*reg_a_, id).status, 403);   // not an executive
  EXPECT_EQ(Sign(*boss_hq, id).status, 403);  // an executive, but not the one asked
  EXPECT_EQ(Sign(*boss_b, id).status, 404);   // cannot see the letter
  EXPECT_EQ(boss_hq->Post(Path(id, "return-for-changes"), {{"note", "ບໍ່"}}).status, 403);
  EXPECT_EQ(boss_b->Get(Path(id, "signatures")).status, 404);
  EXPECT_EQ(Signatures(id).size(), 0u);

  // The author of a draft may submit it too.
  HttpResult draft = staff_a->Post("/api/v1/letters", {{"unit_id", unit_a_},
                                                       {"book", "send_normal"},
                                                       {"subject", "ຮ່າງບົດລາຍງານ"},
                                                       {"register", false}});
  ASSERT_EQ(draft.status, 201) << draft.body;
  EXPECT_EQ(Submit(*staff_a, draft.json()["id"], boss_id_).status, 201);
}

TEST_F(SigningTest, SigningTwiceOrWhileAnotherRequestWaitsIsAConflict) {
  const int id = Outgoing("ແຈ້ງການ ວັນພັກ");
  ASSERT_EQ(Submit(*reg_a_, id, boss_id_).status, 201);
  EXPECT_EQ(Submit(*reg_a_, id, boss_id_).status, 409);  // one waiting request at a time
  ASSERT_EQ(Sign(*boss_a_, id).status, 200);
  HttpResult again = Sign(*boss_a_, id);
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(again.error_code(), "conflict");
  EXPECT_EQ(boss_a_->Post(Path(id, "return-for-changes"), {{"note", "ຊ້າ"}}).status, 409);
  EXPECT_EQ(Signatures(id).size(), 1u);

  // A letter never submitted, and a cancelled one.
  const int other = Outgoing("ບໍ່ໄດ້ສົ່ງເຊັນ");
  EXPECT_EQ(Sign(*boss_a_, other).status, 409);
  ASSERT_EQ(reg_a_->Post(Path(other, "cancel"), {{"reason", "ຊ້ຳ"}}).status, 200);
  EXPECT_EQ(Submit(*reg_a_, other, boss_id_).status, 409);
}

TEST_F(SigningTest, ReturnedForChangesThenResubmittedAndSigned) {
  const int id = Outgoing("ບົດລາຍງານປະຈຳເດືອນ");
  ASSERT_EQ(Submit(*reg_a_, id, boss_id_, "ສະບັບທຳອິດ").status, 201);
  EXPECT_EQ(boss_a_->Post(Path(id, "return-for-changes"), json::object()).status, 422);  // why?
  HttpResult returned = boss_a_->Post(Path(id, "return-for-changes"), {{"note", "ແກ້ໄຂຫົວຂໍ້ກ່ອນ"}});
  ASSERT_EQ(returned.status, 200) << returned.body;
  EXPECT_EQ(returned.json()["request"]["status"], "returned");
  EXPECT_EQ(returned.json()["request"]["note"], "ແກ້ໄຂຫົວຂໍ້ກ່ອນ");
  EXPECT_EQ(Sign(*boss_a_, id).status, 409);  // nothing waits any more
  EXPECT_EQ(boss_a_->Get("/api/v1/signing-folder").json()["total_waiting"], 0);

  ASSERT_EQ(
      reg_a_->Patch("/api/v1/letters/" + std::to_string(id), {{"subject", "ບົດລາຍງານປະຈຳເດືອນ ມິຖຸນາ"}})
          .status,
      200);
  ASSERT_EQ(Submit(*reg_a_, id, boss_id_, "ແກ້ແລ້ວ").status, 201);
  ASSERT_EQ(Sign(*boss_a_, id).status, 200);
  const json sigs = Signatures(id);
  ASSERT_EQ(sigs.size(), 1u);
  EXPECT_EQ(sigs[0]["valid"], true);
  EXPECT_EQ(Actions(id), (std::vector<std::string>{"registered", "submitted_for_signature",
                                                   "returned_for_changes", "updated",
                                                   "submitted_for_signature", "signed"}));
  // The executive's folder keeps both decisions among the recent ones.
  const json folder = boss_a_->Get("/api/v1/signing-folder").json();
  ASSERT_EQ(folder["recent"].size(), 2u) << folder.dump();
  EXPECT_EQ(folder["recent"][0]["request"]["status"], "signed");
  EXPECT_EQ(folder["recent"][1]["request"]["status"], "returned");
}

TEST_F(SigningTest, TheSigningFolderHoldsTheExecutivesWaitingLettersOnly) {
  MakeUser("boss_hq", {"executive"}, 1, "top_secret");
  auto boss_hq = Client("boss_hq");
  const int first = Outgoing("ໜັງສືທີ 1");
  const int second = Outgoing("ໜັງສືທີ 2");
  const int third = Outgoing("ໜັງສືທີ 3");
  ASSERT_EQ(Submit(*reg_a_, first, boss_id_).status, 201);
  ASSERT_EQ(Submit(*reg_a_, second, boss_id_).status, 201);
  ASSERT_EQ(Submit(*reg_a_, third, UserId("boss_hq")).status, 201);

  const json folder = boss_a_->Get("/api/v1/signing-folder").json();
  EXPECT_EQ(folder["total_waiting"], 2) << folder.dump();
  ASSERT_EQ(folder["waiting"].size(), 2u);
  EXPECT_EQ(folder["waiting"][0]["letter"]["id"], second);  // newest first
  EXPECT_EQ(folder["waiting"][1]["letter"]["id"], first);
  EXPECT_EQ(folder["waiting"][0]["request"]["status"], "waiting");
  EXPECT_EQ(folder["recent"].size(), 0u);

  const json hq = boss_hq->Get("/api/v1/signing-folder").json();
  ASSERT_EQ(hq["total_waiting"], 1);
  EXPECT_EQ(hq["waiting"][0]["letter"]["id"], third);
  // A registrar is asked to sign nothing.
  EXPECT_EQ(reg_a_->Get("/api/v1/signing-folder").json()["total_waiting"], 0);

  ASSERT_EQ(Sign(*boss_a_, first).status, 200);
  const json after = boss_a_->Get("/api/v1/signing-folder").json();
  EXPECT_EQ(after["total_waiting"], 1);
  ASSERT_EQ(after["recent"].size(), 1u);
  EXPECT_EQ(after["recent"][0]["letter"]["id"], first);
}

TEST_F(SigningTest, APasswordResetMakesANewKeyAndOldSignaturesStayValid) {
  const int first = Outgoing("ໜັງສືກ່ອນປ່ຽນລະຫັດ");
  const int second = Outgoing("ໜັງສືທີສອງ");
  const int third = Outgoing("ໜັງສືຫຼັງປ່ຽນລະຫັດ");
  for (int id : {first, second, third}) ASSERT_EQ(Submit(*reg_a_, id, boss_id_).status, 201);
  HttpResult one = Sign(*boss_a_, first);
  ASSERT_EQ(one.status, 200) << one.body;
  HttpResult two = Sign(*boss_a_, second);
  ASSERT_EQ(two.status, 200) << two.body;
  EXPECT_EQ(two.json()["new_key"], false);  // the same key, opened with the password
  EXPECT_EQ(two.json()["signature"]["public_key"], one.json()["signature"]["public_key"]);

  HttpResult reset = admin_->Post("/api/v1/users/" + std::to_string(boss_id_) + "/password",
                                  {{"password", "another password 2"}});
  ASSERT_EQ(reset.status, 200) << reset.body;
  auto boss = Client("boss_a", "another password 2");
  EXPECT_EQ(Sign(*boss, third).status, 401);  // the old password no longer signs
  HttpResult three = Sign(*boss, third, "another password 2");
  ASSERT_EQ(three.status, 200) << three.body;
  EXPECT_EQ(three.json()["new_key"], true);
  EXPECT_NE(three.json()["signature"]["public_key"], one.json()["signature"]["public_key"]);
  for (int id : {first, second, third}) EXPECT_EQ(Signatures(id)[0]["valid"], true) << id;
}

TEST_F(SigningTest, APasswordChangeKeepsTheKey) {
  const int first = Outgoing("ກ່ອນປ່ຽນລະຫັດເອງ");
  const int second = Outgoing("ຫຼັງປ່ຽນລະຫັດເອງ");
  for (int id : {first, second}) ASSERT_EQ(Submit(*reg_a_, id, boss_id_).status, 201);
  HttpResult one = Sign(*boss_a_, first);
  ASSERT_EQ(one.status, 200) << one.body;
  ASSERT_EQ(boss_a_
                ->Post("/api/v1/session/password",
                       {{"old_password", kPassword}, {"new_password", "ລະຫັດໃໝ່ຍາວພໍ"}})
                .status,
            204);
  EXPECT_EQ(Sign(*boss_a_, second).status, 401);
  HttpResult two = Sign(*boss_a_, second, "ລະຫັດໃໝ່ຍາວພໍ");
  ASSERT_EQ(two.status, 200) << two.body;
  EXPECT_EQ(two.json()["new_key"], false);  // re-sealed under the new password
  EXPECT_EQ(two.json()["signature"]["public_key"], one.json()["signature"]["public_key"]);
}

}  // namespace
}  // namespace saraban::testing
