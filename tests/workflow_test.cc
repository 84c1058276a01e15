// Letters between units through the real daemon: send, read, accept with a
// receive number, return with a note, recall, circulars, close, drafts, and
// who sees which new incoming letter.
#include <map>
#include <set>
#include <tuple>

#include "office_fixture.h"

namespace saraban::testing {
namespace {

using nlohmann::json;

class WorkflowTest : public OfficeTest {
 protected:
  void SetUp() override {
    OfficeTest::SetUp();
    unit_c_ = MakeUnit(1, "C", "ພະແນກ ຄ", "ฝ่าย ค");
    MakeUser("reg_c", {"unit_registrar"}, unit_c_, "normal");
    reg_a_ = Client("reg_a");
    reg_b_ = Client("reg_b");
    reg_c_ = Client("reg_c");
  }

  std::string Path(int id, const std::string& action = "") {
    return "/api/v1/letters/" + std::to_string(id) + (action.empty() ? "" : "/" + action);
  }

  // An outgoing letter of unit A, registered in its send book.
  int Outgoing(const std::string& subject, const json& extra = json::object()) {
    json body = {{"direction", "outgoing"}, {"book", "send_normal"}};
    body.update(extra);
    return Register(*reg_a_, unit_a_, subject, body)["id"];
  }

  json Deliveries(int id) { return reg_a_->Get(Path(id)).json()["deliveries"]; }

  json DeliveryTo(int id, uint64_t unit) {
    for (const auto& d : Deliveries(id)) {
      if (d["to_unit"] == unit) return d;
    }
    return nullptr;
  }

  uint64_t unit_c_ = 0;
  std::unique_ptr<HttpClient> reg_a_, reg_b_, reg_c_;
};

TEST_F(WorkflowTest, SendToThreeUnitsOneAcceptsOneReturnsOneIsRecalled) {
  const uint64_t unit_d = MakeUnit(1, "D", "ພະແນກ ງ", "ฝ่าย ง");
  MakeUser("reg_d", {"unit_registrar"}, unit_d, "normal");
  auto reg_d = Client("reg_d");
  const int id = Outgoing("ແຈ້ງການ ເລື່ອງ ກອງປະຊຸມປະຈຳປີ");
  HttpResult sent = reg_a_->Post(Path(id, "send"), {{"unit_ids", {unit_b_, unit_c_, unit_d}},
                                                    {"external_recipients", {"ແຂວງ ຫຼວງພະບາງ"}}});
  ASSERT_EQ(sent.status, 200) << sent.body;
  ASSERT_EQ(sent.json()["deliveries"].size(), 3u);

  // Each unit sees it as new incoming, and can preview it before accepting.
  for (auto* c : {reg_b_.get(), reg_c_.get(), reg_d.get()}) {
    const json inbox = c->Get("/api/v1/inbox").json();
    ASSERT_EQ(inbox["total"], 1) << inbox.dump();
    EXPECT_EQ(inbox["items"][0]["letter"]["id"], id);
  }
  EXPECT_TRUE(DeliveryTo(id, unit_b_)["read_at"].is_null());
  EXPECT_EQ(reg_b_->Get(Path(id)).status, 200);  // opening marks it read
  EXPECT_FALSE(DeliveryTo(id, unit_b_)["read_at"].is_null());

  // B accepts: the next number of B's receive book, no re-typing.
  HttpResult accepted = reg_b_->Post(Path(id, "accept"), json::object());
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  const json copy = accepted.json();
  EXPECT_EQ(copy["unit_id"], unit_b_);
  EXPECT_EQ(copy["book"], "receive");
  EXPECT_EQ(copy["direction"], "incoming");
  EXPECT_EQ(copy["register_no"], 1);
  EXPECT_EQ(copy["subject"], "ແຈ້ງການ ເລື່ອງ ກອງປະຊຸມປະຈຳປີ");
  EXPECT_EQ(copy["origin_letter_id"], id);
  EXPECT_FALSE(copy["received_at"].is_null());
  EXPECT_EQ(reg_b_->Post(Path(id, "accept"), json::object()).status, 409);  // not twice

  // C returns it with a note; D's is recalled before D acts.
  EXPECT_EQ(reg_c_->Post(Path(id, "return"), json::object()).status, 422);  // a note is required
  EXPECT_EQ(reg_c_->Post(Path(id, "return"), {{"note", "ບໍ່ແມ່ນວຽກຂອງພະແນກ ຄ"}}).status, 204);
  EXPECT_EQ(reg_a_->Post(Path(id, "recall"), {{"unit_id", unit_d}, {"reason", "ສົ່ງຜິດ"}}).status,
            200);
  EXPECT_EQ(reg_a_->Post(Path(id, "recall"), {{"unit_id", unit_b_}}).status, 409);  // accepted

  // The sender sees where it is: accepted with B's number, returned by C and why, recalled from D.
  EXPECT_EQ(DeliveryTo(id, unit_b_)["status"], "accepted");
  EXPECT_EQ(DeliveryTo(id, unit_b_)["receive_no"], 1);
  EXPECT_EQ(DeliveryTo(id, unit_c_)["status"], "returned");
  EXPECT_EQ(DeliveryTo(id, unit_c_)["note"], "ບໍ່ແມ່ນວຽກຂອງພະແນກ ຄ");
  EXPECT_EQ(DeliveryTo(id, unit_d)["status"], "recalled");
  EXPECT_EQ(reg_a_->Get(Path(id)).json()["external_recipients"], json({"ແຂວງ ຫຼວງພະບາງ"}));
  // Nothing is left waiting, and a returned or recalled letter is no longer theirs to see.
  for (auto* c : {reg_b_.get(), reg_c_.get(), reg_d.get()}) {
    EXPECT_EQ(c->Get("/api/v1/inbox").json()["total"], 0);
  }
  EXPECT_EQ(reg_c_->Get(Path(id)).status, 404);
  EXPECT_EQ(reg_d->Get(Path(id)).status, 404);
  EXPECT_EQ(reg_d->Post(Path(id, "accept"), json::object()).status, 404);
  // The timeline tells the whole story.
  std::vector<std::string> actions;
  const json timeline = reg_a_->Get(Path(id)).json()["timeline"];
  for (const auto& e : timeline) actions.push_back(e["action"]);
  EXPECT_EQ(actions, (std::vector<std::string>{"registered", "sent", "read", "accepted", "returned",
                                               "recalled"}));
}

TEST_F(WorkflowTest, TheRouteShowsEveryUnitPassedAndWhereTheLetterIsNow) {
  const uint64_t unit_d = MakeUnit(1, "D", "ພະແນກ ງ", "ฝ่าย ง");
  MakeUser("reg_d", {"unit_registrar"}, unit_d, "normal");
  const int id = Outgoing("ขอเชิญประชุมคณะกรรมการจังหวัด");
  ASSERT_EQ(reg_a_->Post(Path(id, "send"), {{"unit_ids", {unit_b_, unit_c_}}}).status, 200);
  const int copy = reg_b_->Post(Path(id, "accept"), json::object()).json()["id"];
  ASSERT_EQ(reg_c_->Post(Path(id, "return"), {{"note", "ไม่ใช่งานของฝ่าย ค"}}).status, 204);
  ASSERT_EQ(reg_b_->Post(Path(copy, "send"), {{"unit_ids", {unit_d}}}).status, 200);

  // state per unit, the depth (sendings from A) and who sent it there.
  auto states = [&](HttpClient& c, int letter) {
    HttpResult r = c.Get(Path(letter, "route"));
    EXPECT_EQ(r.status, 200) << r.body;
    const json route = r.json();
    std::map<uint64_t, std::tuple<std::string, int, json>> out;
    for (const auto& stop : route["stops"]) {
      out[stop["unit"]["id"]] = {stop["state"], stop["depth"], stop["from_unit_id"]};
    }
    std::set<uint64_t> current;
    for (const auto& u : route["current"]) current.insert(u["id"].get<uint64_t>());
    EXPECT_EQ(route["origin_letter_id"], id);
    return std::make_pair(out, current);
  };
  auto [from_a, now_a] = states(*reg_a_, id);
  ASSERT_EQ(from_a.size(), 4u);
  EXPECT_EQ(from_a[unit_a_], std::make_tuple(std::string("open"), 0, json(nullptr)));
  EXPECT_EQ(from_a[unit_b_], std::make_tuple(std::string("open"), 1, json(unit_a_)));
  EXPECT_EQ(from_a[unit_c_], std::make_tuple(std::string("returned"), 1, json(unit_a_)));
  EXPECT_EQ(from_a[unit_d], std::make_tuple(std::string("waiting"), 2, json(unit_b_)));
  EXPECT_EQ(now_a, (std::set<uint64_t>{unit_a_, unit_b_, unit_d}));
  // B, asking from its own copy, sees the same route.
  auto [from_b, now_b] = states(*reg_b_, copy);
  EXPECT_EQ(from_b, from_a);
  EXPECT_EQ(now_b, now_a);
  // The route names B's copy only to those who may open it.
  const json as_a = reg_a_->Get(Path(id, "route")).json();
  for (const auto& stop : as_a["stops"]) {
    if (stop["unit"]["id"] == unit_b_) {
      EXPECT_TRUE(stop["letter_id"].is_null());
    }
  }
  // Once B closes its copy and D returns it, only A still holds the letter.
  ASSERT_EQ(reg_b_->Post(Path(copy, "recall"), {{"unit_id", unit_d}}).status, 200);
  ASSERT_EQ(reg_b_->Post(Path(copy, "close"), {{"note", "ดำเนินการแล้ว"}}).status, 200);
  auto [after, now_after] = states(*reg_a_, id);
  EXPECT_EQ(std::get<0>(after[unit_b_]), "closed");
  EXPECT_EQ(std::get<0>(after[unit_d]), "recalled");
  EXPECT_EQ(now_after, std::set<uint64_t>{unit_a_});
  // Someone who may not see the letter gets nothing.
  EXPECT_EQ(reg_c_->Get(Path(id, "route")).status, 404);
}

TEST_F(WorkflowTest, ACircularReachesManyUnitsAtOnce) {
  std::vector<uint64_t> units = {unit_b_, unit_c_};
  for (int i = 0; i < 8; ++i) units.push_back(MakeUnit(1, "U" + std::to_string(i), "ໜ່ວຍ", "หน่วย"));
  const int id = Outgoing("หนังสือเวียน แจ้งวันหยุดราชการ", {{"book", "send_circular"}});
  HttpResult sent = reg_a_->Post(Path(id, "send"), {{"unit_ids", units}, {"circular", true}});
  ASSERT_EQ(sent.status, 200) << sent.body;
  EXPECT_EQ(sent.json()["deliveries"].size(), 10u);
  EXPECT_EQ(sent.json()["deliveries"][0]["circular"], true);
  EXPECT_EQ(reg_b_->Post(Path(id, "accept"), json::object()).status, 200);
  EXPECT_EQ(reg_c_->Post(Path(id, "accept"), json::object()).status, 200);
  int accepted = 0;
  for (const auto& d : Deliveries(id)) accepted += d["status"] == "accepted";
  EXPECT_EQ(accepted, 2);
  // Sending to a unit that still has it waiting is refused, and changes nothing.
  EXPECT_EQ(reg_a_->Post(Path(id, "send"), {{"unit_ids", {units[5]}}}).status, 409);
  EXPECT_EQ(Deliveries(id).size(), 10u);
}

TEST_F(WorkflowTest, TheSameMatterReceivedAgainKeepsItsNumber) {
  const int id = Outgoing("ขอข้อมูลเพิ่มเติม");
  ASSERT_EQ(reg_a_->Post(Path(id, "send"), {{"unit_ids", {unit_b_}}}).status, 200);
  const json first = reg_b_->Post(Path(id, "accept"), json::object()).json();
  Register(*reg_b_, unit_b_, "ອີກເລື່ອງ");  // B's book moves on
  ASSERT_EQ(reg_a_->Post(Path(id, "send"), {{"unit_ids", {unit_b_}}}).status, 200);
  const json again = reg_b_->Post(Path(id, "accept"), json::object()).json();
  EXPECT_EQ(again["id"], first["id"]);
  EXPECT_EQ(again["register_no"], first["register_no"]);
  std::vector<std::string> actions;
  for (const auto& e : again["timeline"]) actions.push_back(e["action"]);
  EXPECT_EQ(actions, (std::vector<std::string>{"received", "received_again"}));
}

TEST_F(WorkflowTest, TransitionsNotAllowedAnswer409AndChangeNothing) {
  HttpResult draft = reg_a_->Post(
      "/api/v1/letters",
      {{"unit_id", unit_a_}, {"book", "send_normal"}, {"subject", "ຮ່າງ"}, {"register", false}});
  const int draft_id = draft.json()["id"];
  EXPECT_EQ(reg_a_->Post(Path(draft_id, "close"), json::object()).status, 409);  // unregistered
  EXPECT_EQ(reg_a_->Post(Path(draft_id, "send"), {{"unit_ids", {unit_b_}}}).status, 409);
  const int id = Outgoing("ປິດເລື່ອງ");
  EXPECT_EQ(reg_a_->Delete(Path(id)).status, 409);  // registered: cancel, not delete
  EXPECT_EQ(reg_a_->Post(Path(id, "recall"), json::object()).status, 409);           // never sent
  EXPECT_EQ(reg_a_->Post(Path(id, "send"), {{"unit_ids", {unit_a_}}}).status, 422);  // own unit
  HttpResult closed = reg_a_->Post(Path(id, "close"), {{"note", "ສຳເລັດ"}});
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.json()["status"], "closed");
  EXPECT_EQ(reg_a_->Post(Path(id, "close"), json::object()).status, 409);
  EXPECT_EQ(reg_a_->Post(Path(id, "send"), {{"unit_ids", {unit_b_}}}).status, 409);
  EXPECT_EQ(reg_a_->Delete(Path(draft_id)).status, 204);
  EXPECT_EQ(reg_a_->Get(Path(draft_id)).status, 404);
  std::vector<std::string> actions;
  const json timeline = reg_a_->Get(Path(id)).json()["timeline"];
  for (const auto& e : timeline) actions.push_back(e["action"]);
  EXPECT_EQ(actions, (std::vector<std::string>{"registered", "closed"}));
}

TEST_F(WorkflowTest, AUnitNeverSeesAnotherUnitsNewIncoming) {
  const int id = Outgoing("ສະເພາະ ພະແນກ ຂ");
  ASSERT_EQ(reg_a_->Post(Path(id, "send"), {{"unit_ids", {unit_b_}}}).status, 200);
  EXPECT_EQ(reg_c_->Get("/api/v1/inbox").json()["total"], 0);
  EXPECT_EQ(reg_c_->Get(Path(id)).status, 404);
  EXPECT_EQ(reg_c_->Post(Path(id, "accept"), json::object()).status, 404);
  EXPECT_EQ(reg_c_->Post(Path(id, "return"), {{"note", "x"}}).status, 404);
  // A secret letter waits for B but is not shown to B's registrar cleared for normal only.
  auto central = Client("central");
  const int secret =
      Register(*central, unit_a_, "ລັບ",
               {{"secrecy", "secret"}, {"direction", "outgoing"}, {"book", "send_normal"}})["id"];
  ASSERT_EQ(central->Post(Path(secret, "send"), {{"unit_ids", {unit_b_}}}).status, 200);
  const json inbox = reg_b_->Get("/api/v1/inbox").json();
  EXPECT_EQ(inbox["total"], 1);
  EXPECT_EQ(inbox["items"][0]["letter"]["id"], id);
  EXPECT_EQ(reg_b_->Get(Path(secret)).status, 404);
  // Staff of B see their unit's new incoming but may not accept it.
  MakeUser("staff_b", {"staff"}, unit_b_, "normal");
  auto staff_b = Client("staff_b");
  EXPECT_EQ(staff_b->Get("/api/v1/inbox").json()["total"], 1);
  EXPECT_EQ(staff_b->Post(Path(id, "accept"), json::object()).status, 403);
}

}  // namespace
}  // namespace saraban::testing
