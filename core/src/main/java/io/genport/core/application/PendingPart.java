package io.genport.core.application;

import io.genport.core.domain.Adaptation;
import io.genport.core.domain.GenerationRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A part of a call still looking for a target: its request, where its images go and its plans so
 * far. Touched only by the steps that route it, which run one at a time (each on whichever executor
 * thread its wait ended on).
 */
final class PendingPart {
  final int part;
  final GenerationRequest request;
  final int firstImage;
  final int startPos;

  /** Count adaptations made by the split that created this part, owed to its result. */
  final List<Adaptation> inherited;

  /** Its plan on each route position tried so far. */
  final Map<Integer, TargetPlan> plans = new HashMap<>();

  /** A submit of it had an ambiguous outcome: every later submit may be a duplicate. */
  boolean possibleDuplicate;

  /** The reason of that ambiguous submit, until a progress event reported it. */
  String duplicateNotice;

  /** Whether its one hedge has been started. */
  boolean hedgeUsed;

  /** Its submits so far per route position, retries included. */
  final Map<Integer, Integer> submitsAt = new HashMap<>();

  /**
   * The positions it left, in route order, because the retry budget refused a retry (or kept its
   * reserve for parts with nowhere else to go): each may get one more submit once every target has
   * been tried.
   */
  final List<Integer> budgetLimited = new ArrayList<>();

  PendingPart(
      int part,
      GenerationRequest request,
      int firstImage,
      int startPos,
      List<Adaptation> inherited) {
    this.part = part;
    this.request = request;
    this.firstImage = firstImage;
    this.startPos = startPos;
    this.inherited = List.copyOf(inherited);
  }
}
