#include "calibration/Posterior.hpp"

#include <algorithm>
#include <cmath>

namespace grainsim {

Posterior laplacePosterior(JournaledObjective& objective, const CalibrationResult& result,
                           double step) {
  const PriceObjective& f = objective.objective();
  const std::size_t k = f.dimension();
  Posterior p;
  p.best_u = result.best_u;
  for (const auto& o : f.observations()) p.effective_n += o.weight;
  p.sigma = std::sqrt(result.best.loss);
  p.value = f.values(result.best_u);

  std::vector<double> centre = result.best_u;
  for (double& c : centre) c = std::clamp(c, step, 1 - step);
  const auto nll = [&](const std::vector<double>& u) {
    return 0.5 * p.effective_n * std::log(std::max(objective(u, 2), 1e-300));
  };
  const auto at = [&](std::size_t i, double di, std::size_t j, double dj) {
    std::vector<double> u = centre;
    u[i] += di;
    u[j] += dj;
    return nll(u);
  };
  Eigen::MatrixXd hessian(k, k);
  const double f0 = nll(centre), h = step;
  for (std::size_t i = 0; i < k; ++i) {
    hessian(i, i) = (at(i, h, i, 0) - 2 * f0 + at(i, -h, i, 0)) / (h * h);
    for (std::size_t j = 0; j < i; ++j)
      hessian(i, j) = hessian(j, i) =
          (at(i, h, j, h) - at(i, h, j, -h) - at(i, -h, j, h) + at(i, -h, j, -h)) / (4 * h * h);
  }
  // A uniform over the whole unit range has variance 1/12: no direction is made less certain
  // than the range itself.
  constexpr double kFlattest = 12;
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(hessian);
  Eigen::VectorXd lambda = eigen.eigenvalues();
  for (Eigen::Index i = 0; i < lambda.size(); ++i)
    if (!(lambda(i) >= kFlattest)) {
      p.regularised = p.regularised || !(lambda(i) > 0);
      lambda(i) = std::max(lambda(i), kFlattest);
    }
  p.covariance_u =
      eigen.eigenvectors() * lambda.cwiseInverse().asDiagonal() * eigen.eigenvectors().transpose();
  p.sd.resize(k);
  for (std::size_t i = 0; i < k; ++i) {
    const Prior& prior = f.scenario().priors()[i];
    const double sd_u = std::sqrt(p.covariance_u(i, i));
    const double lo = prior.quantile(0), hi = prior.quantile(1);
    p.sd[i] = prior.kind() == Prior::Kind::loguniform ? p.value[i] * sd_u * std::log(hi / lo)
                                                      : sd_u * (hi - lo);
  }
  return p;
}

std::vector<std::pair<std::string, std::string>> posteriorPriors(const PriceObjective& objective,
                                                                 const Posterior& posterior) {
  std::vector<std::pair<std::string, std::string>> lines;
  for (std::size_t i = 0; i < posterior.value.size(); ++i) {
    const Prior& prior = objective.scenario().priors()[i];
    const double v = posterior.value[i], sd = posterior.sd[i];
    std::string text;
    if (prior.isDate()) {
      const double half = std::max(1.0, std::round(std::sqrt(3.0) * sd));
      text = "date_uniform(" + prior.format(v - half) + ", " + prior.format(v + half) + ")";
    } else {
      text = "normal(" + prior.format(v) + ", " + prior.format(std::max(sd, 1e-12)) + ")";
    }
    lines.emplace_back(prior.key(), text);
  }
  return lines;
}

}  // namespace grainsim
