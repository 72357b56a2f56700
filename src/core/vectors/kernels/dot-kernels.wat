;; Dense dot-product scans for Sift's item vectors (WebAssembly SIMD128).
;; Regenerate dot-kernels-wasm.ts after editing: `npm run kernels` (a test checks they agree).
;;
;; Both functions write out[r] = (row r · query) for `count` consecutive rows of `dim` values.
;; The caller owns the layout of the imported memory; every pointer is a byte offset in it.
(module
  (import "env" "memory" (memory 1))

  ;; int8 rows (per-row scale) against an int16 query (one scale):
  ;; out[r] = Σ_k rows[r][k] · query[k] · scales[r] · queryScale.
  ;; Exact integer accumulation: the caller keeps |query| small enough that dim · 127 · max|query|
  ;; fits in an i32.
  (func (export "dotInt8")
    (param $rows i32) (param $count i32) (param $dim i32) (param $query i32)
    (param $scales i32) (param $out i32) (param $queryScale f32)
    (local $p i32) (local $q i32) (local $end i32) (local $vend i32) (local $outEnd i32)
    (local $acc v128) (local $acc2 v128) (local $x v128) (local $sum i32)
    (local.set $p (local.get $rows))
    (local.set $outEnd (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))))
    (block $rowsDone
      (loop $row
        (br_if $rowsDone (i32.ge_u (local.get $out) (local.get $outEnd)))
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (local.set $acc2 (v128.const i32x4 0 0 0 0))
        (local.set $end (i32.add (local.get $p) (local.get $dim)))
        (local.set $vend (i32.add (local.get $p) (i32.and (local.get $dim) (i32.const -16))))
        (local.set $q (local.get $query))
        ;; 16 int8 values per step: widen to two i16x8 halves, multiply-add pairs into i32 lanes.
        (block $vecDone
          (loop $vec
            (br_if $vecDone (i32.ge_u (local.get $p) (local.get $vend)))
            (local.set $x (v128.load (local.get $p)))
            (local.set $acc (i32x4.add (local.get $acc)
              (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $x)) (v128.load (local.get $q)))))
            (local.set $acc2 (i32x4.add (local.get $acc2)
              (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $x)) (v128.load offset=16 (local.get $q)))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (local.set $q (i32.add (local.get $q) (i32.const 32)))
            (br $vec)))
        (local.set $acc (i32x4.add (local.get $acc) (local.get $acc2)))
        (local.set $sum (i32.add
          (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
          (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))
        ;; Dimensions that are not a multiple of 16.
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $sum (i32.add (local.get $sum)
              (i32.mul (i32.load8_s (local.get $p)) (i32.load16_s (local.get $q)))))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (local.set $q (i32.add (local.get $q) (i32.const 2)))
            (br $tail)))
        (f32.store (local.get $out)
          (f32.mul (f32.mul (f32.convert_i32_s (local.get $sum)) (f32.load (local.get $scales))) (local.get $queryScale)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $scales (i32.add (local.get $scales) (i32.const 4)))
        (br $row))))

  ;; Several int8 queries in one pass over the rows: out[r] = max_q (row r · query q) · scales[r] ·
  ;; queryScales[q]. The queries are `queryCount` int16 vectors of `dim` values, one after another;
  ;; a row (a few hundred bytes) is read from memory once and stays in cache for every query, so
  ;; an interest profile of several centroids costs one scan of the table instead of one each.
  (func (export "dotInt8Max")
    (param $rows i32) (param $count i32) (param $dim i32) (param $queries i32) (param $queryCount i32)
    (param $scales i32) (param $out i32) (param $queryScales i32)
    (local $row i32) (local $p i32) (local $q i32) (local $end i32) (local $vend i32) (local $outEnd i32)
    (local $acc v128) (local $acc2 v128) (local $x v128) (local $sum i32)
    (local $qi i32) (local $qs i32) (local $best f32) (local $v f32)
    (local.set $row (local.get $rows))
    (local.set $outEnd (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))))
    (block $rowsDone
      (loop $eachRow
        (br_if $rowsDone (i32.ge_u (local.get $out) (local.get $outEnd)))
        (local.set $end (i32.add (local.get $row) (local.get $dim)))
        (local.set $vend (i32.add (local.get $row) (i32.and (local.get $dim) (i32.const -16))))
        (local.set $best (f32.const -inf))
        (local.set $q (local.get $queries))
        (local.set $qs (local.get $queryScales))
        (local.set $qi (i32.const 0))
        (block $queriesDone
          (loop $eachQuery
            (br_if $queriesDone (i32.ge_u (local.get $qi) (local.get $queryCount)))
            (local.set $p (local.get $row))
            (local.set $acc (v128.const i32x4 0 0 0 0))
            (local.set $acc2 (v128.const i32x4 0 0 0 0))
            (block $vecDone
              (loop $vec
                (br_if $vecDone (i32.ge_u (local.get $p) (local.get $vend)))
                (local.set $x (v128.load (local.get $p)))
                (local.set $acc (i32x4.add (local.get $acc)
                  (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $x)) (v128.load (local.get $q)))))
                (local.set $acc2 (i32x4.add (local.get $acc2)
                  (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $x)) (v128.load offset=16 (local.get $q)))))
                (local.set $p (i32.add (local.get $p) (i32.const 16)))
                (local.set $q (i32.add (local.get $q) (i32.const 32)))
                (br $vec)))
            (local.set $acc (i32x4.add (local.get $acc) (local.get $acc2)))
            (local.set $sum (i32.add
              (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
              (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))
            (block $tailDone
              (loop $tail
                (br_if $tailDone (i32.ge_u (local.get $p) (local.get $end)))
                (local.set $sum (i32.add (local.get $sum)
                  (i32.mul (i32.load8_s (local.get $p)) (i32.load16_s (local.get $q)))))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (local.set $q (i32.add (local.get $q) (i32.const 2)))
                (br $tail)))
            (local.set $v (f32.mul (f32.mul (f32.convert_i32_s (local.get $sum)) (f32.load (local.get $scales))) (f32.load (local.get $qs))))
            (if (f32.gt (local.get $v) (local.get $best)) (then (local.set $best (local.get $v))))
            (local.set $qs (i32.add (local.get $qs) (i32.const 4)))
            (local.set $qi (i32.add (local.get $qi) (i32.const 1)))
            (br $eachQuery)))
        (f32.store (local.get $out) (local.get $best))
        (local.set $row (local.get $end))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $scales (i32.add (local.get $scales) (i32.const 4)))
        (br $eachRow))))

  ;; float32 rows against a float32 query: out[r] = Σ_k rows[r][k] · query[k].
  (func (export "dotF32")
    (param $rows i32) (param $count i32) (param $dim i32) (param $query i32) (param $out i32)
    (local $p i32) (local $q i32) (local $end i32) (local $vend i32) (local $outEnd i32)
    (local $acc v128) (local $acc2 v128) (local $sum f32)
    (local.set $p (local.get $rows))
    (local.set $outEnd (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))))
    (block $rowsDone
      (loop $row
        (br_if $rowsDone (i32.ge_u (local.get $out) (local.get $outEnd)))
        (local.set $acc (v128.const f32x4 0 0 0 0))
        (local.set $acc2 (v128.const f32x4 0 0 0 0))
        (local.set $end (i32.add (local.get $p) (i32.shl (local.get $dim) (i32.const 2))))
        (local.set $vend (i32.add (local.get $p) (i32.shl (i32.and (local.get $dim) (i32.const -8)) (i32.const 2))))
        (local.set $q (local.get $query))
        (block $vecDone
          (loop $vec
            (br_if $vecDone (i32.ge_u (local.get $p) (local.get $vend)))
            (local.set $acc (f32x4.add (local.get $acc)
              (f32x4.mul (v128.load (local.get $p)) (v128.load (local.get $q)))))
            (local.set $acc2 (f32x4.add (local.get $acc2)
              (f32x4.mul (v128.load offset=16 (local.get $p)) (v128.load offset=16 (local.get $q)))))
            (local.set $p (i32.add (local.get $p) (i32.const 32)))
            (local.set $q (i32.add (local.get $q) (i32.const 32)))
            (br $vec)))
        (local.set $acc (f32x4.add (local.get $acc) (local.get $acc2)))
        (local.set $sum (f32.add
          (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
          (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $sum (f32.add (local.get $sum)
              (f32.mul (f32.load (local.get $p)) (f32.load (local.get $q)))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (local.set $q (i32.add (local.get $q) (i32.const 4)))
            (br $tail)))
        (f32.store (local.get $out) (local.get $sum))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $row)))))
