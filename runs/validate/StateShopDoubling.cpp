/// \brief Section 8: state grain shops double their sales in two provinces for a month
/// (runs/state-shops-doubling.ini) against the same winter without the doubling.
#include <sstream>

#include "runs/validate/Validation.hpp"

namespace grainsim::validate {

Section stateShopDoubling(const Options& o) {
  const Scenario base = nationalScenario(o, "state-shops-base.ini");
  const Scenario doubled = nationalScenario(o, "state-shops-doubling.ini");
  const RunOutput a = run(doubled, o), b = run(base, o);  // same seed: common random numbers
  const Series pa(a, "price"), pb(b, "price"), sales_a(a, "state_shop_sales"),
      sales_b(b, "state_shop_sales");
  const Date from = *Date::parse("2027-01-10");
  const int after = dayIndex(base, from.plusDays(14));

  Section sec{"8. State-shop doubling", "", "", true};
  std::ostringstream md, h;
  md << "`runs/state-shops-doubling.ini` against `runs/state-shops-base.ini` (seed " << kSeed
     << ", the same draws): state grain shops sell 200 t of rice and 300 t of maize a day from "
        "the state's procured stock in every province, spread by population, at 80 % of the "
        "market price; from "
     << from.iso()
     << " for a month the shops of North Pyongan and South Hamgyong sell twice their share. The "
        "table gives each price two weeks later ("
     << dateOfDay(base, after)
     << ") against the run without the doubling, and what the two provinces' shops sold that "
        "day. The target is the direction (cheaper grain where the shops sell more, and less so "
        "elsewhere as traders ship less to those provinces); there is no observed size.\n\n";
  MarkdownTable t({"region", "commodity", "state-shop sales (t/day), doubled / base",
                   "price change after two weeks", "verdict"});
  for (const char* name : {"North Pyongan", "South Hamgyong"})
    for (const char* com : {"rice", "maize"}) {
      const auto r = static_cast<std::size_t>(region(base, name));
      const auto c = static_cast<std::size_t>(commodity(base, com));
      const double effect = pa(after, r, c) / pb(after, r, c) - 1;
      const bool ok = effect < 0;
      sec.within = sec.within && ok;
      t.row({name, com,
             num(sales_a(after, r, c) / 1000, 1) + " / " + num(sales_b(after, r, c) / 1000, 1),
             change(effect, 2), verdictWord(ok)});
      h << (h.tellp() > 0 ? ", " : "") << name << " " << com << " " << change(effect, 1);
    }
  for (const char* com : {"rice", "maize"}) {
    const int c = commodity(base, com);
    const double effect =
        nationalMean(doubled, pa, after, c) / nationalMean(base, pb, after, c) - 1;
    t.row({"national (population-weighted)", com, "", change(effect, 2), ""});
  }
  md << t.str();
  sec.markdown = md.str();
  sec.headline = h.str();
  return sec;
}

}  // namespace grainsim::validate
