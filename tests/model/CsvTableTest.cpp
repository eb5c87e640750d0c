/// \brief CsvTable: quoting, comments, shape errors and checked numbers, each error naming its
/// cell.
#include "model/CsvTable.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/TestSupport.hpp"

namespace grainsim {
namespace {

using testing::errorOf;
using testing::expectContainsAll;

TEST(CsvTableTest, QuotedFieldsKeepCommasAndDoubledQuotes) {
  const CsvTable t("test.csv",
                   "name,note,value\n"
                   "\"Rajin, port\",\"he said \"\"hi\"\"\",3\n"
                   "plain,\"\",4\n");
  ASSERT_EQ(t.rows(), 2u);
  EXPECT_EQ(t.text(0, "name"), "Rajin, port");
  EXPECT_EQ(t.text(0, "note"), "he said \"hi\"");
  EXPECT_EQ(t.number(0, "value", 0, 10), 3);
  EXPECT_EQ(t.text(1, "name"), "plain");
  EXPECT_EQ(t.text(1, "note"), "");
  EXPECT_EQ(t.source(), "test.csv");
}

TEST(CsvTableTest, QuotedFieldsMayHoldNewlinesAndLineNumbersCountThem) {
  const CsvTable t("test.csv",
                   "name,note\n"
                   "a,\"two\nlines, \"\"quoted\"\"\"\n"
                   "# a comment with a stray \" quote\n"
                   "b,x\n");
  ASSERT_EQ(t.rows(), 2u);
  EXPECT_EQ(t.text(0, "note"), "two\nlines, \"quoted\"");
  EXPECT_EQ(t.text(1, "name"), "b");
  // The record after a two-line record starts on line 4.
  expectContainsAll(errorOf([] { CsvTable("t.csv", "a,b\n\"1\n2\",3\n4\n"); }),
                    {"t.csv", "line 4 has 1 fields"});
  expectContainsAll(errorOf([] { CsvTable("t.csv", "a,b\n1,\"open\n2,3\n"); }),
                    {"t.csv", "line 2", "never closed"});
}

TEST(CsvTableTest, AByteOrderMarkIsSkipped) {
  const CsvTable t("test.csv", "\xEF\xBB\xBFregion,value\nX,1\n");
  EXPECT_EQ(t.columns().front(), "region");
  EXPECT_EQ(t.number(0, "value", 0, 10), 1);
}

TEST(CsvTableTest, CommentsBlankLinesAndCarriageReturnsAreSkipped) {
  const CsvTable t("test.csv",
                   "# a comment before the header\n"
                   "\n"
                   "a, b\r\n"
                   "  # an indented comment\n"
                   "1, 2\r\n"
                   "   \n"
                   "3,4\n");
  EXPECT_TRUE(t.hasColumn("a"));
  EXPECT_TRUE(t.hasColumn("b"));
  EXPECT_FALSE(t.hasColumn("#"));
  ASSERT_EQ(t.rows(), 2u);
  EXPECT_EQ(t.text(0, "b"), "2");
  EXPECT_EQ(t.text(1, "a"), "3");
}

TEST(CsvTableTest, WrongFieldCountNamesSourceAndPhysicalLine) {
  // Line 4 counts the comment and the blank line before it.
  const std::string msg = errorOf([] { CsvTable("tables/x.csv", "# comment\na,b\n\n1,2,3\n"); });
  EXPECT_EQ(msg, "tables/x.csv: line 4 has 3 fields, the header has 2");
  // A quoted comma does not count as a separator.
  EXPECT_EQ(CsvTable("ok.csv", "a,b\n\"1,5\",2\n").rows(), 1u);
}

TEST(CsvTableTest, EmptyTextHasNoHeader) {
  expectContainsAll(errorOf([] { CsvTable("empty.csv", "# only a comment\n\n"); }),
                    {"empty.csv", "no header"});
}

TEST(CsvTableTest, MissingColumnIsNamed) {
  const CsvTable t("tables/x.csv", "a,b\n1,2\n");
  EXPECT_EQ(errorOf([&] { t.text(0, "tonnes"); }), "tables/x.csv: missing column 'tonnes'");
  expectContainsAll(errorOf([&] { t.number(0, "tonnes", 0, 1); }), {"missing column 'tonnes'"});
}

TEST(CsvTableTest, NumberAcceptsFiniteDecimalsWithinBounds) {
  const CsvTable t("t.csv", "x\n0.25\n -3 \n1e3\n");
  EXPECT_EQ(t.number(0, "x", 0, 1), 0.25);
  EXPECT_EQ(t.number(1, "x", -10, 10), -3);
  EXPECT_EQ(t.number(2, "x", 0, 1000), 1000);  // bounds are inclusive
}

TEST(CsvTableTest, NumberRejectsNonNumbersAndNonFiniteValues) {
  const std::vector<std::string> bad = {"abc", "nan", "inf", "-inf", "1e400", "1,5", "2t", ""};
  std::string text = "id,tonnes\n";
  for (std::size_t i = 0; i < bad.size(); ++i) text += std::to_string(i) + ",\"" + bad[i] + "\"\n";
  const CsvTable t("tables/shipments.csv", text);
  for (std::size_t i = 0; i < bad.size(); ++i) {
    const std::string msg = errorOf([&] { t.number(i, "tonnes", -1e300, 1e300); });
    EXPECT_EQ(msg, "tables/shipments.csv: row " + std::to_string(i + 1) + ", column 'tonnes' = '" +
                       bad[i] + "': must be a finite number");
  }
}

TEST(CsvTableTest, OutOfRangeNamesSourceRowColumnValueAndBounds) {
  const CsvTable t("tables/routes.csv", "route,loss_share\nA,0.5\nB,1.5\nC,-0.1\n");
  EXPECT_EQ(t.number(0, "loss_share", 0, 1), 0.5);
  EXPECT_EQ(errorOf([&] { t.number(1, "loss_share", 0, 1); }),
            "tables/routes.csv: row 2, column 'loss_share' = '1.5': must lie in [0, 1]");
  EXPECT_EQ(errorOf([&] { t.number(2, "loss_share", 0, 1); }),
            "tables/routes.csv: row 3, column 'loss_share' = '-0.1': must lie in [0, 1]");
}

TEST(CsvTableTest, NumberOrFallsBackOnlyOnEmptyCells) {
  const CsvTable t("t.csv", "x,y\n,1\n7,2\nabc,3\n");
  EXPECT_EQ(t.numberOr(0, "x", 42, 0, 100), 42);
  EXPECT_EQ(t.numberOr(1, "x", 42, 0, 100), 7);
  expectContainsAll(errorOf([&] { t.numberOr(2, "x", 42, 0, 100); }),
                    {"t.csv", "row 3", "column 'x'", "'abc'"});
  // Without a fallback an empty cell is an error.
  EXPECT_EQ(errorOf([&] { t.number(0, "x", 0, 100); }),
            "t.csv: row 1, column 'x' = '': must be a finite number");
}

TEST(CsvTableTest, IntegerRejectsFractions) {
  const CsvTable t("tables/tiers.csv", "tier,rank\na,2\nb,2.5\n");
  EXPECT_EQ(t.integer(0, "rank", 1, 10), 2);
  EXPECT_EQ(errorOf([&] { t.integer(1, "rank", 1, 10); }),
            "tables/tiers.csv: row 2, column 'rank' = '2.5': must be a whole number");
}

TEST(CsvTableTest, DateCellsAreStrict) {
  const CsvTable t("tables/shipments.csv", "arrival_date\n2026-12-08\n2027-02-29\n");
  EXPECT_EQ(t.date(0, "arrival_date").iso(), "2026-12-08");
  EXPECT_EQ(errorOf([&] { t.date(1, "arrival_date"); }),
            "tables/shipments.csv: row 2, column 'arrival_date' = '2027-02-29': must be a date "
            "YYYY-MM-DD");
}

TEST(CsvTableTest, ParseFiniteNumberIsWholeTextAndFinite) {
  double x = -1;
  EXPECT_TRUE(parseFiniteNumber(" 0.3 ", x));
  EXPECT_EQ(x, 0.3);
  for (const char* bad : {"", "abc", "nan", "inf", "1e400", "0.3x", "0x10"})
    EXPECT_FALSE(parseFiniteNumber(bad, x)) << "'" << bad << "'";
}

}  // namespace
}  // namespace grainsim
