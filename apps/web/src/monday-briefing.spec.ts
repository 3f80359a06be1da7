import { mondayBriefing } from './monday-briefing';

// Local times, as the form shows them (the test runs in the machine's time zone).
const at = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min);

describe('mondayBriefing', () => {
  it('meets next Monday at 7:30 with reports due the Friday before at 16:00', () => {
    // Wednesday 25 November 2026
    const { meetingAt, cutoffAt } = mondayBriefing(at(2026, 11, 25, 10));
    expect(meetingAt).toEqual(at(2026, 11, 30, 7, 30));
    expect(cutoffAt).toEqual(at(2026, 11, 27, 16));
  });

  it('moves the cut-off to Sunday evening once Friday has passed, then to just before the meeting', () => {
    expect(mondayBriefing(at(2026, 11, 28, 9)).cutoffAt).toEqual(at(2026, 11, 29, 17));
    expect(mondayBriefing(at(2026, 11, 29, 20))).toEqual({
      meetingAt: at(2026, 11, 30, 7, 30),
      cutoffAt: at(2026, 11, 30, 7),
    });
  });

  it('takes the next week when the meeting is under half an hour away or past', () => {
    expect(mondayBriefing(at(2026, 11, 30, 6, 59)).meetingAt).toEqual(at(2026, 11, 30, 7, 30));
    expect(mondayBriefing(at(2026, 11, 30, 7, 5))).toEqual({
      meetingAt: at(2026, 12, 7, 7, 30),
      cutoffAt: at(2026, 12, 4, 16),
    });
    expect(mondayBriefing(at(2026, 11, 30, 8)).meetingAt).toEqual(at(2026, 12, 7, 7, 30));
  });
});
