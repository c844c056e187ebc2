#include "stages/halftone/threshold_screen.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <utility>

namespace mfp::stages::halftone {

using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;

namespace {

constexpr std::int64_t kMaxCellArea = 4096;
constexpr std::uint32_t kMinTile = 32;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// Euclidean dot (the PostScript "Euclidean" spot function) at cell coordinates in [-1, 1):
// round dots that join as a checkerboard at 50% and become round holes. Higher values get
// their dot first.
double spot(double x, double y) {
  x = std::abs(x);
  y = std::abs(y);
  if (x + y <= 1.0) return 1.0 - (x * x + y * y);
  return (x - 1.0) * (x - 1.0) + (y - 1.0) * (y - 1.0) - 1.0;
}

// The screen lattice: points p0 + i*(a, b) + j*(-b, a), where p0 is a pixel center or a pixel
// corner in x and y (chosen per screen so that no pixel center lies on a cell border, which
// keeps every cell point-symmetric). Pixel coordinates are doubled to stay integral: pixel
// (x, y) sits at (2x + ex, 2y + ey) relative to p0, with ex, ey in {0, 1}.
struct Lattice {
  std::int64_t a;
  std::int64_t b;
  std::int64_t n;  // a^2 + b^2, the cell area
  std::int64_t ex = 1;
  std::int64_t ey = 1;

  // 2n times the pixel's coordinates along (a, b) and (-b, a).
  [[nodiscard]] std::pair<std::int64_t, std::int64_t> coords(std::int64_t x, std::int64_t y) const {
    const std::int64_t qx = 2 * x + ex;
    const std::int64_t qy = 2 * y + ey;
    return {qx * a + qy * b, -qx * b + qy * a};
  }
  // Cell (i, j) of pixel (x, y): the nearest lattice point.
  [[nodiscard]] std::pair<std::int64_t, std::int64_t> cell(std::int64_t x, std::int64_t y) const {
    const auto [s, t] = coords(x, y);
    return {floor_div(s + n, 2 * n), floor_div(t + n, 2 * n)};
  }
  // True when the pixel's center lies on a cell border.
  [[nodiscard]] bool on_border(std::int64_t x, std::int64_t y) const {
    const auto [s, t] = coords(x, y);
    const auto mod = [this](std::int64_t v) { return ((v % (2 * n)) + 2 * n) % (2 * n); };
    return mod(s) == n || mod(t) == n;
  }
  // Offset of the pixel from its cell's lattice point, in doubled pixel units.
  [[nodiscard]] std::pair<std::int64_t, std::int64_t> offset(std::int64_t x, std::int64_t y) const {
    const auto [i, j] = cell(x, y);
    return {2 * x + ex - 2 * (i * a - j * b), 2 * y + ey - 2 * (i * b + j * a)};
  }
  // The cell's lattice point rounded down to a pixel, modulo the tile (identifies the cell).
  [[nodiscard]] std::pair<std::int64_t, std::int64_t> key(std::int64_t x, std::int64_t y,
                                                          std::int64_t tile) const {
    const auto [i, j] = cell(x, y);
    const std::int64_t cx = i * a - j * b;
    const std::int64_t cy = i * b + j * a;
    return {((cx % tile) + tile) % tile, ((cy % tile) + tile) % tile};
  }
};

}  // namespace

ScreenVector default_screen_vector(Colorant colorant, std::uint32_t dpi) noexcept {
  ScreenVector v;
  switch (colorant) {
    case Colorant::cyan:
      v = {4, 1};
      break;
    case Colorant::magenta:
      v = {1, 4};
      break;
    case Colorant::yellow:
      v = {4, 0};
      break;
    case Colorant::black:
      v = {3, 3};
      break;
  }
  const int scale = std::max(1, static_cast<int>((dpi + 300) / 600));
  return {v.a * scale, v.b * scale};
}

namespace {

using CellPoint = std::pair<std::int64_t, std::int64_t>;

// Puts the lattice at pixel centers or corners so that no pixel center is on a cell border.
void place_lattice(Lattice& lat, std::uint32_t tile) {
  for (const auto& [ex, ey] : {std::pair<int, int>{0, 0}, {1, 1}, {1, 0}, {0, 1}}) {
    lat.ex = ex;
    lat.ey = ey;
    bool ties = false;
    for (std::uint32_t y = 0; y < tile && !ties; ++y) {
      for (std::uint32_t x = 0; x < tile && !ties; ++x) ties = lat.on_border(x, y);
    }
    if (!ties) break;
  }
}

// The rank of each of the n pixel offsets of one cell by spot value (ties by position,
// identically in every cell since cells are integer translates of each other).
Result<std::map<CellPoint, std::uint32_t>> rank_cell_pixels(const Lattice& lat, std::uint32_t n) {
  struct Offset {
    CellPoint at;  // doubled pixel units from the lattice point
    double value;
  };
  std::vector<Offset> offsets;
  const auto reach = static_cast<std::int64_t>(std::ceil(std::sqrt(static_cast<double>(n)))) + 1;
  for (std::int64_t dy = -reach; dy <= reach; ++dy) {
    for (std::int64_t dx = -reach; dx <= reach; ++dx) {
      if (lat.cell(dx, dy) != CellPoint{0, 0}) continue;
      const auto [s, t] = lat.coords(dx, dy);
      // Cell coordinates in [-1, 1): s / 2n is in [-1/2, 1/2).
      offsets.push_back({lat.offset(dx, dy),
                         spot(static_cast<double>(s) / lat.n, static_cast<double>(t) / lat.n)});
    }
  }
  if (offsets.size() != n) {
    return Status(StatusCode::internal, "halftone screen: cell has " +
                                            std::to_string(offsets.size()) + " pixels, not " +
                                            std::to_string(n));
  }
  std::stable_sort(offsets.begin(), offsets.end(), [](const Offset& l, const Offset& r) {
    if (l.value != r.value) return l.value > r.value;
    return std::pair(l.at.second, l.at.first) < std::pair(r.at.second, r.at.first);
  });
  std::map<CellPoint, std::uint32_t> rank_in_cell;
  for (std::uint32_t r = 0; r < n; ++r) rank_in_cell[offsets[r].at] = r;
  return rank_in_cell;
}

// The cells of the tile, identified by their lattice point modulo the tile, and each pixel's
// cell and rank in it.
struct TileCells {
  std::vector<CellPoint> centers;
  std::vector<std::uint32_t> pixel_cell;
  std::vector<std::uint32_t> pixel_rank;
};

Result<TileCells> tile_cells(const Lattice& lat, std::uint32_t tile, std::uint32_t cells,
                             const std::map<CellPoint, std::uint32_t>& rank_in_cell) {
  TileCells t;
  std::map<CellPoint, std::uint32_t> cell_id;
  t.pixel_cell.resize(static_cast<std::size_t>(tile) * tile);
  t.pixel_rank.resize(static_cast<std::size_t>(tile) * tile);
  for (std::uint32_t y = 0; y < tile; ++y) {
    for (std::uint32_t x = 0; x < tile; ++x) {
      const auto key = lat.key(x, y, tile);
      auto [it, fresh] = cell_id.try_emplace(key, static_cast<std::uint32_t>(t.centers.size()));
      if (fresh) t.centers.push_back(key);
      t.pixel_cell[static_cast<std::size_t>(y) * tile + x] = it->second;
      t.pixel_rank[static_cast<std::size_t>(y) * tile + x] = rank_in_cell.at(lat.offset(x, y));
    }
  }
  if (t.centers.size() != cells) {
    return Status(StatusCode::internal, "halftone screen: tile is not periodic");
  }
  return t;
}

// Dispersed order of the cells (greedy farthest point on the torus), so that at every tone the
// cells one pixel ahead of the others are spread evenly over the tile.
std::vector<std::uint32_t> dispersed_order(const TileCells& t, std::uint32_t tile) {
  const auto cells = static_cast<std::uint32_t>(t.centers.size());
  std::vector<std::uint32_t> cell_order(cells, 0);
  std::vector<double> nearest(cells, std::numeric_limits<double>::infinity());
  std::vector<bool> taken(cells, false);
  const auto wrap = [tile](std::int64_t d) {
    d = std::abs(d) % tile;
    return static_cast<double>(std::min<std::int64_t>(d, tile - d));
  };
  std::uint32_t current = t.pixel_cell[0];
  for (std::uint32_t order = 0; order < cells; ++order) {
    taken[current] = true;
    cell_order[current] = order;
    std::uint32_t next = 0;
    double best = -1.0;
    for (std::uint32_t c = 0; c < cells; ++c) {
      if (taken[c]) continue;
      const double dx = wrap(t.centers[c].first - t.centers[current].first);
      const double dy = wrap(t.centers[c].second - t.centers[current].second);
      nearest[c] = std::min(nearest[c], dx * dx + dy * dy);
      if (nearest[c] > best) {
        best = nearest[c];
        next = c;
      }
    }
    current = next;
  }
  return cell_order;
}

}  // namespace

Result<ThresholdScreen> ThresholdScreen::make(ScreenVector vector, unsigned levels) {
  if (levels != 1 && levels != 3) {
    return Status(StatusCode::invalid_argument,
                  "halftone screen: " + std::to_string(levels) + " levels per pixel");
  }
  Lattice lat{vector.a, vector.b,
              std::int64_t{vector.a} * vector.a + std::int64_t{vector.b} * vector.b};
  if (lat.n == 0 || lat.n > kMaxCellArea) {
    return Status(StatusCode::invalid_argument, "halftone screen: bad screen vector (" +
                                                    std::to_string(vector.a) + ", " +
                                                    std::to_string(vector.b) + ")");
  }
  const auto n = static_cast<std::uint32_t>(lat.n);
  const std::uint32_t tile = n * ((kMinTile + n - 1) / n);
  place_lattice(lat, tile);
  MFP_ASSIGN_OR_RETURN(const auto rank_in_cell, rank_cell_pixels(lat, n));
  const std::uint32_t cells = tile * tile / n;
  MFP_ASSIGN_OR_RETURN(const TileCells t, tile_cells(lat, tile, cells, rank_in_cell));
  const std::vector<std::uint32_t> cell_order = dispersed_order(t, tile);

  ThresholdScreen screen;
  screen.vector_ = vector;
  screen.tile_ = tile;
  screen.levels_ = levels;
  screen.rows_.assign(static_cast<std::size_t>(tile) * levels * screen.stride(), 0);
  // Slot g of M = levels * tile^2 becomes threshold floor(255 g / M): exactly ceil(v M / 255)
  // slots lie below a tone v. A pixel's levels are consecutive in its cell's growth order.
  const std::uint64_t slots = std::uint64_t{levels} * tile * tile;
  for (std::uint32_t y = 0; y < tile; ++y) {
    for (std::uint32_t x = 0; x < tile; ++x) {
      const std::size_t p = static_cast<std::size_t>(y) * tile + x;
      for (unsigned k = 0; k < levels; ++k) {
        const std::uint64_t g =
            (std::uint64_t{t.pixel_rank[p]} * levels + k) * cells + cell_order[t.pixel_cell[p]];
        const auto thr = static_cast<std::uint8_t>(255 * g / slots);
        std::uint8_t* row = screen.rows_.data() + (std::size_t{y} * levels + k) * screen.stride();
        for (std::uint32_t xx = x; xx < screen.stride(); xx += tile) row[xx] = thr;
      }
    }
  }
  return screen;
}

}  // namespace mfp::stages::halftone
