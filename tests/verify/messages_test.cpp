#include "verify/messages.hpp"

#include <catch2/catch.hpp>

using namespace certgate;

TEST_CASE("messages default for a superseded certificate is the portal text",
          "[verify][messages]") {
    verify::message_table m;
    CHECK(m.lookup("revoked", "updated") ==
          "certificate revoked, please download the updated certificate from the portal");
    CHECK(m.lookup("revoked", "revoked") == "certificate revoked");
    CHECK(m.lookup("valid", "ok") == "certificate is valid");
    // Every invalid reason has a text, through the status-wide fallback at worst.
    CHECK_FALSE(m.lookup("invalid", "some_new_reason").empty());
}

TEST_CASE("messages can be overridden and localised by Accept-Language", "[verify][messages]") {
    verify::message_table m;
    m.set("revoked", "updated", "revoked: get the new one");
    m.set("revoked", "updated", "widerrufen", "de");
    m.set("revoked", "updated", "révoqué", "fr-CA");
    CHECK(m.lookup("revoked", "updated") == "revoked: get the new one");
    CHECK(m.lookup("revoked", "updated", "de-DE,en;q=0.5") == "widerrufen");
    CHECK(m.lookup("revoked", "updated", "en;q=0.9, fr-ca") == "révoqué");
    CHECK(m.lookup("revoked", "updated", "de;q=0, ja") == "revoked: get the new one");
    CHECK(m.lookup("revoked", "updated", ";;;,,q=") == "revoked: get the new one");
}
