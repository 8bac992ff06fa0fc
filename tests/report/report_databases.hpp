#pragma once
// Test helper: the fixture databases of report_fixture.hpp written to a scratch directory, and
// their report models, as the golden and model tests use them.
#include <string>

#include "report/report_model.hpp"
#include "report_fixture.hpp"
#include "store/scratch_directory.hpp"

namespace mhc::testing {

// Descriptions for the fixture's pipeline names, so goldens do not depend on this build's registry.
inline std::string fixture_pipeline_description(std::string_view name) {
  if (name == "naive") return "TEST-FIXTURE: one kernel per elementary step";
  if (name == "fused") return "TEST-FIXTURE: pre-aggregate and post fused";
  return "";
}

struct ReportDatabases {
  ScratchDirectory dir;
  std::filesystem::path this_db = dir.file("fixture.db");
  std::filesystem::path other_db = dir.file("other.db");
  std::filesystem::path empty_db = dir.file("empty.db");

  ReportDatabases() {
    {
      auto db = store::TuningDatabase::open_for_write(this_db);
      build_report_fixture(db);
    }
    {
      auto db = store::TuningDatabase::open_for_write(other_db);
      build_other_fixture(db);
    }
    store::TuningDatabase::open_for_write(empty_db);
  }

  static report::ReportModel model_of(const std::filesystem::path& path, const std::string& label,
                                      const std::string& gpu = "") {
    auto db = store::TuningDatabase::open_for_read(path);
    return report::build_report_model(
        db,
        {.database_label = label, .gpu = gpu, .describe_pipeline = fixture_pipeline_description});
  }
  report::ReportModel this_model() const { return model_of(this_db, "fixture.db"); }
  report::ReportModel compared_model() const {
    auto model = this_model();
    report::compare_with(model, model_of(other_db, "other.db"));
    return model;
  }
};

}  // namespace mhc::testing
