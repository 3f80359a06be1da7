import type { CitizenFileEntity } from './one-stop.entity';

/** Late and not yet apologised for: past the appointment not yet counted, or counted and waiting. */
export function lateUnapologised(file: CitizenFileEntity, now: Date): boolean {
  if (!['received', 'processing'].includes(file.state)) return false;
  if (file.blockedSince !== null) return true;
  return file.appointmentAt <= now && file.lateForAppointment?.getTime() !== file.appointmentAt.getTime();
}
